/** `1 tick`, `2 ticks`: a count with its noun, singular for exactly one (output once said '1 copies', '1 ticks'). */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
