/** `Events › key:AKIA… › Event 4f3a…`, cut from the left when too wide. */
export function breadcrumbs(stack: readonly { title: string }[], width: number): string {
  const parts = stack.map((v) => v.title);
  let text = parts.join(' › ');
  while (text.length > width && parts.length > 1) {
    parts.shift();
    text = '… › ' + parts.join(' › ');
  }
  return text.length > width ? text.slice(0, Math.max(0, width - 1)) + '…' : text;
}
