/** «1 advarsel», «2 advarsler», «1 234 rader»: a count with its noun in the right number, as Norwegian writes it. */
export function countWord(n: number, one: string, many: string): string {
  return `${n.toLocaleString('nb-NO')} ${n === 1 ? one : many}`;
}
