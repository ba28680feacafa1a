/**
 * JSON text for data that holds typed arrays: JSON.stringify would write an Int32Array as {"0":..,"1":..}; here
 * it becomes a plain array, written with the typed array's own join (the fast path on million-entry columns).
 */
export function jsonText(value: unknown): string {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return `[${(value as unknown as { join(separator: string): string }).join(',')}]`;
  }
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
