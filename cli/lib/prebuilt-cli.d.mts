// Types of prebuilt-cli.mjs (plain JavaScript: it runs before TypeScript can be loaded).
export function withSourceImportMeta(text: string, file: string): string
export function buildKey(root: string, inputs: string[], version: string): Promise<string | null>
export function prebuiltCli(options: { root: string; entry: string; cacheDir: string; onBuild?: () => void }): Promise<{ file: string; built: boolean }>
