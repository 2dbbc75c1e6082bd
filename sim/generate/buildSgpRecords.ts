import type { Random } from '../shared/random.ts';
import { city, otherServices, plans } from './brazilianData.ts';
import type { AddressPlan, ClientPlan, ContractPlan } from './planContracts.ts';

/**
 * SGP `clientes` records in the exact shape of the official sample
 * (`ura_clientes_postman_official.json`), as returned with `exibir_conexao=1&omitir_titulos=1`:
 * same keys in the same order, secrets and all (fake values), because the service must prove it
 * ignores them.
 */
interface Sequences {
  service: number;
  onu: number;
}

const epoch = Date.UTC(2026, 0, 15);
// Formatting dates is the generator's hot spot: the days are formatted once, on first use.
const days: string[] = [];

function dayBefore(daysAgo: number): string {
  for (let d = days.length; d <= daysAgo; d += 1)
    days.push(new Date(epoch - d * 86_400_000).toISOString().slice(0, 10));
  return days[daysAgo] as string;
}

function dateBefore(random: Random, maxDays: number): string {
  return dayBefore(random.int(1, maxDays));
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

function dateTimeBefore(random: Random, maxDays: number): string {
  return `${dayBefore(random.int(1, maxDays))} ${two(random.int(0, 23))}:${two(random.int(0, 59))}:${two(random.int(0, 59))}`;
}

/**
 * Stand-ins for the secrets SGP returns (PPPoE, Wi-Fi and ONU passwords). One recognisable value
 * per field, so a test can grep the event log and the logs for any of them; constants also spare
 * the generator a few hundred thousand strings on large fixtures.
 */
export const fakeSecrets = {
  pppoe: 'FAKE-SECRET-pppoe-senha',
  wifi: 'FAKE-SECRET-wifi-password',
  wifi5: 'FAKE-SECRET-wifi-password-5',
  onu: 'FAKE-SECRET-onu-password',
} as const;

const precisions = [6, 7, 7, 8] as const;
const vendors = ['ZTEG', 'HWTC', 'FHTT'] as const;
const wifiChannels = [1, 6, 11] as const;

function coordinate(random: Random, value: number): string {
  return value.toFixed(random.pick(precisions));
}

export function sgpAddress(random: Random, address: AddressPlan, withCoords: boolean) {
  return {
    logradouro: address.logradouro,
    numero: address.numero,
    bairro: address.bairro,
    cidade: city.cidade,
    uf: city.uf,
    cep: address.cep,
    complemento: address.complemento,
    latitude: withCoords ? coordinate(random, address.lat) : '',
    longitude: withCoords ? coordinate(random, address.lng) : '',
  };
}

function mac(random: Random): string {
  return random
    .hex(12)
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}

function conexao(random: Random, online: boolean) {
  return {
    status: online ? 'online' : 'offline',
    ip: online ? `100.64.${random.int(0, 255)}.${random.int(1, 254)}` : '',
    data_conexao: dateTimeBefore(random, 30),
    data_desconexao: online ? '' : dateTimeBefore(random, 10),
  };
}

function splitterOf(random: Random, contract: ContractPlan) {
  if (contract.cto) return { porta: contract.port, id: contract.cto.sgpId, nome: contract.cto.name };
  // An ONU on no CTO: SGP answers either no splitter or an empty one.
  return random.chance(0.5) ? null : { porta: null, id: null, nome: '' };
}

function onu(random: Random, contract: ContractPlan, login: string, sequences: Sequences) {
  const vendor = random.pick(vendors);
  const olt = contract.cto?.olt ?? { id: 1, nome: 'OLT-CENTRO-HUAWEI' };
  sequences.onu += 1;
  const wifi = `${login.slice(0, 10).toUpperCase()}_FIBRA`;
  return {
    voip_sip_username: '',
    splitter: splitterOf(random, contract),
    voip_mascara: '',
    vlan: 100,
    voip_username: '',
    telnet: 'admin',
    rx: contract.rx,
    pon: contract.cto?.pon ?? 1,
    voip_service_name: '',
    wifi_ssid: wifi,
    conexao: conexao(random, contract.online),
    wifi_password_5: fakeSecrets.wifi5,
    olt_id: olt.id,
    wifi_password: fakeSecrets.wifi,
    serial: `${vendor}${random.hex(8).toUpperCase()}`,
    password: fakeSecrets.onu,
    voip_sip_password: '',
    id: sequences.onu,
    onu: random.int(1, 128),
    slot: random.int(1, 2),
    web: random.chance(0.5),
    onu_login: 'admin',
    web_port: '80',
    pon_vlan: 100,
    tx: (1 + random.next() * 2.5).toFixed(3),
    voip_porta: '',
    onu_password: fakeSecrets.onu,
    wifi_ssid_5: `${wifi}_5G`,
    olt_nome: olt.nome,
    wifi_channel_5: '36',
    voip_telefone: '',
    wifi_channel: random.pick(wifiChannels),
    voip_ip: '',
    login,
    voip_gateway: '',
    voip_vlan: '',
  };
}

interface ServiceSpec {
  readonly tipo: string;
  readonly plano: { readonly id: number; readonly descricao: string };
  readonly withOnu: boolean;
}

function service(random: Random, spec: ServiceSpec, contract: ContractPlan, endereco: object, sequences: Sequences) {
  sequences.service += 1;
  const login = `cliente${contract.code}${spec.tipo === 'Internet' ? '' : `-${sequences.service}`}`;
  const record: Record<string, unknown> = {
    id: sequences.service,
    tipo: spec.tipo,
    plano: { ...spec.plano },
    login,
    observacao_servico: '',
    senha: fakeSecrets.pppoe,
    mac: mac(random),
    ip: '',
    grupo: spec.tipo === 'Internet' ? 'FIBRA' : spec.tipo.toUpperCase(),
    wifi_ssid: '',
    wifi_password: fakeSecrets.wifi,
    wifi_channel: '',
    wifi_ssid_5: '',
    wifi_password_5: fakeSecrets.wifi5,
  };
  // Services without an ONU (telephony, radio) come without the `onu` key at all.
  if (spec.withOnu) record.onu = onu(random, contract, login, sequences);
  record.endereco = endereco;
  return record;
}

const motivos: Readonly<Record<string, readonly string[]>> = {
  Suspenso: ['Financeiro'],
  'Suspenso ': ['Financeiro'],
  Cancelado: ['Solicitação do cliente', 'Mudança de endereço', 'Financeiro', 'Concorrência'],
  'Inviabilidade Técnica': ['Sem viabilidade na região'],
  Bloqueado: ['Financeiro'],
};

function contractRecord(random: Random, contract: ContractPlan, sequences: Sequences) {
  const hasServiceCoords = contract.coordsWhere === 'both' || contract.coordsWhere === 'service';
  const endereco = sgpAddress(random, contract.serviceAddress, hasServiceCoords);
  const main: ServiceSpec =
    contract.connectivity === 'noFtth'
      ? { ...(otherServices[2] as (typeof otherServices)[number]), withOnu: false }
      : { tipo: 'Internet', plano: random.pick(plans), withOnu: true };
  const servicos = [service(random, main, contract, endereco, sequences)];
  for (let i = 0; i < contract.extraServices; i += 1) {
    const extra = otherServices[i % 2] as (typeof otherServices)[number];
    servicos.push(service(random, { ...extra, withOnu: false }, contract, { ...endereco }, sequences));
  }
  return {
    contrato: contract.code,
    dataCadastro: dateBefore(random, 2500),
    status: contract.status,
    motivo_status: random.pick(motivos[contract.status] ?? ['']),
    servicos,
  };
}

function checkDigit(digits: readonly number[], weights: readonly number[]): number {
  const sum = digits.reduce((acc, d, i) => acc + d * (weights[i] ?? 0), 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** A CPF or CNPJ with valid check digits (fake people still pass a format check). */
function cpfCnpj(random: Random, tipo: 'F' | 'J'): string {
  const base = Array.from({ length: tipo === 'F' ? 9 : 12 }, () => random.int(0, 9));
  const weights1 = tipo === 'F' ? [10, 9, 8, 7, 6, 5, 4, 3, 2] : [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  const weights2 = tipo === 'F' ? [11, 10, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  const first = checkDigit(base, weights1);
  const second = checkDigit([...base, first], weights2);
  return [...base, first, second].join('');
}

export function buildSgpRecords(random: Random, clients: readonly ClientPlan[]): unknown[] {
  const sequences: Sequences = { service: 5000, onu: 300 };
  return clients.map((client) => {
    const head = client.contracts[0];
    const clientCoords = head?.coordsWhere === 'both' || head?.coordsWhere === 'client';
    return {
      nome: client.nome,
      cpfcnpj: cpfCnpj(random, client.tipo),
      dataCadastro: dateBefore(random, 3000),
      tipo: client.tipo,
      observacao_cliente: random.chance(0.05) ? 'Cliente prefere contato por WhatsApp' : '',
      endereco: sgpAddress(random, client.address, clientCoords),
      contratos: client.contracts.map((contract) => contractRecord(random, contract, sequences)),
    };
  });
}
