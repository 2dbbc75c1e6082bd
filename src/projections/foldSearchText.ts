/**
 * Folds text for searching: lower-case, accents stripped, whitespace collapsed, so that
 * "joao" finds "João  Ávila". Lower-casing comes first because it can itself produce a
 * combining mark ("İ" -> "i" + U+0307), which the next step removes.
 */
export function foldSearchText(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim();
}
