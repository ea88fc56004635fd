/**
 * Colour is a bonus, never the only signal: selection is inverse video and errors carry a `!` mark,
 * so NO_COLOR (https://no-color.org) stays readable.
 */
export const useColor = (): boolean => !('NO_COLOR' in process.env) || process.env.NO_COLOR === '';

export function color(c: string | undefined): string | undefined {
  return useColor() ? c : undefined;
}
