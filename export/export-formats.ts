/** The formats `launcher export` writes: kept apart from the exporters so the CLI can list them without loading them. */
export const exportFormats = ['shiviz'] as const;
export type ExportFormat = (typeof exportFormats)[number];
