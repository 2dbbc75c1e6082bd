/**
 * Word lists for realistic data around one city: Ribeirão Preto (SP), where the official SGP
 * sample's "Cto Aliados" sits. Names and streets are common ones, not real customers.
 */
export const city = { cidade: 'Ribeirão Preto', uf: 'SP', lat: -21.1775, lng: -47.8103, cepPrefix: '140' } as const;

/** Neighbourhoods with their offset from the centre in degrees, and a short code for CTO names. */
export const bairros: readonly {
  readonly name: string;
  readonly code: string;
  readonly dLat: number;
  readonly dLng: number;
}[] = [
  { name: 'Centro', code: 'CENTRO', dLat: 0, dLng: 0 },
  { name: 'Campos Elíseos', code: 'CELISEOS', dLat: -0.012, dLng: 0.006 },
  { name: 'Vila Tibério', code: 'VTIBERIO', dLat: 0.008, dLng: 0.012 },
  { name: 'Ipiranga', code: 'IPIRANGA', dLat: -0.018, dLng: 0.02 },
  { name: 'Jardim Paulista', code: 'JDPAULISTA', dLat: 0.014, dLng: -0.01 },
  { name: 'Jardim Sumaré', code: 'JDSUMARE', dLat: 0.011, dLng: -0.018 },
  { name: 'Alto da Boa Vista', code: 'ABVISTA', dLat: 0.022, dLng: -0.006 },
  { name: 'Jardim Irajá', code: 'JDIRAJA', dLat: 0.026, dLng: -0.022 },
  { name: 'Lagoinha', code: 'LAGOINHA', dLat: -0.006, dLng: -0.03 },
  { name: 'Jardim Independência', code: 'JDINDEP', dLat: -0.025, dLng: -0.012 },
  { name: 'Vila Virgínia', code: 'VVIRGINIA', dLat: -0.015, dLng: 0.03 },
  { name: 'Sumarezinho', code: 'SUMAREZINHO', dLat: -0.028, dLng: 0.008 },
  { name: 'Parque Ribeirão Preto', code: 'PQRP', dLat: -0.034, dLng: 0.026 },
  { name: 'Jardim Presidente Médici', code: 'JDMEDICI', dLat: 0.03, dLng: 0.018 },
  { name: 'Vila Albertina', code: 'VALBERTINA', dLat: 0.018, dLng: 0.028 },
  { name: 'Planalto Verde', code: 'PLVERDE', dLat: -0.04, dLng: -0.004 },
  { name: 'Quintino Facci II', code: 'QFACCI', dLat: -0.045, dLng: 0.015 },
  { name: 'Aliados', code: 'ALIADOS', dLat: 0.023, dLng: 0.013 },
  { name: 'Bonfim Paulista', code: 'BONFIM', dLat: 0.06, dLng: -0.03 },
  { name: 'Jardim São José', code: 'JDSJOSE', dLat: -0.01, dLng: 0.04 },
];

export const streets: readonly string[] = [
  'Rua Duque de Caxias',
  'Rua Tibiriçá',
  'Avenida Nove de Julho',
  'Rua São Sebastião',
  'Rua Florêncio de Abreu',
  'Avenida Presidente Vargas',
  'Rua Garibaldi',
  'Rua Amador Bueno',
  'Rua Lafaiete',
  'Rua Marechal Deodoro',
  'Avenida Independência',
  'Rua Cerqueira César',
  'Rua General Osório',
  'Rua Visconde de Inhaúma',
  'Rua Barão do Amazonas',
  'Rua Álvares Cabral',
  'Rua Campos Sales',
  'Rua Saldanha Marinho',
  'Rua Américo Brasiliense',
  'Avenida Caramuru',
  'Rua Bernardino de Campos',
  'Rua José Bonifácio',
  'Rua Mariana Junqueira',
  'Rua Sete de Setembro',
  'Rua Prudente de Morais',
  'Avenida Dom Pedro I',
  'Rua Tamandaré',
  'Rua Rui Barbosa',
  'Rua Padre Euclides',
  'Avenida Francisco Junqueira',
  'Rua Capitão Salomão',
  'Rua Conselheiro Dantas',
  'Rua Paraíba',
  'Rua Pernambuco',
  'Rua Goiás',
  'Rua Minas',
  'Avenida Saudade',
  'Rua Itu',
  'Rua Jaboticabal',
  'Rua Cuiabá',
  'Travessa das Flores',
  'Rua Dom Luís do Amaral Mousinho',
];

export const complementos: readonly string[] = [
  'Apto 12',
  'Apto 304',
  'Casa 2',
  'Fundos',
  'Bloco B Apto 21',
  'Sala 5',
  'Casa 1',
];

export const firstNames: readonly string[] = [
  'Maria',
  'José',
  'Ana',
  'João',
  'Antônio',
  'Francisca',
  'Carlos',
  'Paulo',
  'Adriana',
  'Juliana',
  'Lucas',
  'Marcos',
  'Luiz',
  'Fernanda',
  'Patrícia',
  'Aline',
  'Gabriel',
  'Rafael',
  'Sandra',
  'Camila',
  'Pedro',
  'Bruna',
  'Márcia',
  'Daniel',
  'Letícia',
  'Rodrigo',
  'Amanda',
  'Eduardo',
  'Vanessa',
  'Felipe',
  'Tatiane',
  'Gustavo',
  'Cláudia',
  'Sebastião',
  'Luciana',
  'Matheus',
  'Raimundo',
  'Beatriz',
  'Thiago',
  'Conceição',
];

export const middleNames: readonly string[] = [
  'Aparecida',
  'Carlos',
  'Eduardo',
  'Helena',
  'Cristina',
  'Henrique',
  'Luiza',
  'Augusto',
];

export const surnames: readonly string[] = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Costa',
  'Ribeiro',
  'Martins',
  'Carvalho',
  'Almeida',
  'Lopes',
  'Soares',
  'Fernandes',
  'Vieira',
  'Barbosa',
  'Rocha',
  'Dias',
  'Nascimento',
  'Andrade',
  'Moreira',
  'Nunes',
  'Marques',
  'Machado',
  'Mendes',
  'Freitas',
  'Cardoso',
  'Ramos',
  'Gonçalves',
  'Santana',
  'Teixeira',
  'Araújo',
  'Conceição',
  'Batista',
  'Pinto',
  'Moura',
];

export const surnameLinks: readonly string[] = ['da', 'dos', 'de', ''];

export const companyWords: readonly string[] = [
  'Padaria Pão Quente',
  'Mercearia Boa Vista',
  'Auto Peças Caramuru',
  'Farmácia Popular do Centro',
  'Escritório Contábil Nogueira',
  'Pet Shop Amigo Fiel',
  'Oficina Mecânica Irmãos Rocha',
  'Clínica Sorriso',
  'Salão Beleza Pura',
  'Lanchonete do Zé',
  'Academia Corpo em Forma',
  'Papelaria Estrela',
];

export const companySuffixes: readonly string[] = ['Ltda', 'ME', 'EIRELI', 'Ltda ME'];

export const plans: readonly { readonly id: number; readonly descricao: string }[] = [
  { id: 11, descricao: 'FIBRA 300MB' },
  { id: 12, descricao: 'FIBRA 500MB' },
  { id: 13, descricao: 'FIBRA 700MB' },
  { id: 14, descricao: 'FIBRA 1GB' },
  { id: 15, descricao: 'FIBRA EMPRESARIAL 600MB' },
];

export const otherServices: readonly {
  readonly tipo: string;
  readonly plano: { readonly id: number; readonly descricao: string };
}[] = [
  { tipo: 'Telefonia', plano: { id: 31, descricao: 'TELEFONE FIXO ILIMITADO' } },
  { tipo: 'TV', plano: { id: 41, descricao: 'IPTV BÁSICO' } },
  { tipo: 'Rádio', plano: { id: 21, descricao: 'RÁDIO 20MB' } },
];

export const olts: readonly { readonly id: number; readonly nome: string }[] = [
  { id: 1, nome: 'OLT-CENTRO-HUAWEI' },
  { id: 2, nome: 'OLT-NORTE-ZTE' },
  { id: 3, nome: 'OLT-SUL-FIBERHOME' },
];
