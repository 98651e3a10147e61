/** «1 advarsel», «2 advarsler», «1 234 rader»: a count with its noun in the right number, as Norwegian writes it. */
export function countWord(n: number, one: string, many: string): string {
  return `${n.toLocaleString('nb-NO')} ${n === 1 ? one : many}`;
}

/** «Flakstad», «Flakstad og Moskenes», «Flakstad, Moskenes og Vestvågøy». */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} og ${names[names.length - 1]}`;
}
