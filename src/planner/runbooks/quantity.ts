// Memory quantities as Kubernetes writes them (512Mi, 1G, 2e9), to bytes and back.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^(\d+(?:\.\d+)?)(?:[eE](\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E))?$/;

export const MI = 2 ** 20;

/** Bytes in a memory quantity, rounded up to a whole byte; undefined when it is not one. */
export function parseMemory(quantity: string | number): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) && quantity >= 0 ? Math.ceil(quantity) : undefined;
  const m = QUANTITY.exec(quantity.trim());
  if (!m) return undefined;
  const [, number, exponent, suffix] = m;
  const scale = exponent !== undefined ? 10 ** Number(exponent) : suffix ? (BINARY[suffix] ?? DECIMAL[suffix] ?? 1) : 1;
  return Math.ceil(Number(number) * scale);
}

/** The shortest exact binary form: 4Gi, 768Mi, 1536Ki, or plain bytes. */
export function formatMemory(bytes: number): string {
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const unit = BINARY[suffix]!;
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}
