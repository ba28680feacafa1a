/** VM ids as a line names them, in the order given. */

/** `VM 2`, `VMs 0 and 2`, `VMs 0, 2 and 3`; runs of 3 or more as ranges: `VMs 0-7, 9 and 11-15`. */
export function vmList(ids: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === (ids[j] ?? 0) + 1) j++;
    if (j - i >= 2) parts.push(`${ids[i]}-${ids[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(ids[k]));
    i = j + 1;
  }
  if (ids.length === 1) return `VM ${parts[0]}`;
  return parts.length === 1 ? `VMs ${parts[0]}` : `VMs ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
