// 500 generated CloudTrail Sigma rules for the Sigma benchmark, in roughly the mix of public packs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Rule shapes in roughly the mix of public CloudTrail packs: most name their events. */
export function ruleText(i: number, names: readonly string[]): string {
  const name = names[i % names.length];
  const other = names[(i * 7 + 3) % names.length];
  const head = `title: bench rule ${i}\nid: bench-${i}\nlevel: ${['low', 'medium', 'high'][i % 3]}\ntags: [attack.t1078]\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n`;
  switch (i % 10) {
    case 0:
      return `${head}  selection:\n    userAgent|contains: 'bench-${i}'\n  condition: selection\n`; // no event name: every record
    case 1:
      return `${head}  selection:\n    eventName: ${name}\n    sourceIPAddress|cidr: 10.${i % 256}.0.0/16\n  condition: selection\n`;
    case 2:
      return `${head}  selection:\n    eventName: [${name}, ${other}]\n    userIdentity.arn|re: ':user/.*${i}$'\n  filter:\n    errorCode|exists: true\n  condition: selection and not filter\n`;
    default:
      return `${head}  selection:\n    eventSource|endswith: '.amazonaws.com'\n    eventName:\n      - ${name}\n      - ${other}\n  filter_ro:\n    readOnly: true\n  condition: selection and not 1 of filter_*\n`;
  }
}

/** Write `rules` rule files naming the given event names into `dir`. */
export function writeRulePack(dir: string, rules: number, names: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < rules; i++)
    writeFileSync(join(dir, `rule-${String(i).padStart(4, '0')}.yml`), ruleText(i, names));
}
