/** The width tables are fitted to: the terminal's columns, or 80 when stdout is not a terminal (a pipe, a file). */
export const defaultWidth = 80;

export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY === true && stream.columns !== undefined && stream.columns > 0 ? stream.columns : defaultWidth;
}
