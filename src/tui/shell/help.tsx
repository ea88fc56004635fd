import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ViewInit } from './app-api.js';
import { keysText, type TuiCommand } from './commands.js';
import type { KeymapApi } from './app-api.js';
import { fit } from '../kit/text.js';
import { ListModel } from '../kit/list-model.js';
import { itemsSource, type AtIndex } from '../kit/row-source.js';
import { LIST_SCOPE } from '../kit/moves.js';
import { BaseView } from './base-view.js';
import { HELP, type HelpParams } from './routes.js';

export { HELP };

/** Help lines generated from the keymap (the same data as the hint bar); movement is listed once. */
export function helpLines(
  keymap: KeymapApi,
  scope: string,
  width: number,
  hasList = true,
): string[] {
  const keyW = 16;
  const line = (c: TuiCommand) =>
    fit(
      `  ${keysText(c).padEnd(keyW - 2)}${c.description}${c.shadows ? ' (here, instead of the global key)' : ''}`,
      width,
    );
  const all = keymap.all;
  const own = all.filter((c) => c.scope === scope);
  const moves = all.filter((c) => c.scope === LIST_SCOPE);
  const global = all.filter((c) => c.scope === 'global');
  const others = all.filter(
    (c) => c.scope !== 'global' && c.scope !== scope && c.scope !== LIST_SCOPE && c.scope !== HELP,
  );
  const out: string[] = [];
  if (own.length) out.push(`In this view (${scope})`, ...own.map(line), '');
  out.push(`In every list${hasList ? '' : ' (not this view)'}`, ...moves.map(line), '');
  out.push(
    'Everywhere',
    ...global.map(line),
    '  Ctrl-c        quit from anywhere (the terminal is restored)',
  );
  const scopes = [...new Set(others.map((c) => c.scope))];
  for (const s of scopes)
    out.push('', `In ${s} views`, ...others.filter((c) => c.scope === s).map(line));
  return out;
}

export class HelpModel extends BaseView<HelpParams> {
  declare list: ListModel<AtIndex<string>>;
  lines: string[] = [];
  readonly handlers = {};

  constructor(init: ViewInit<HelpParams>, app: AppApi) {
    super(init, app);
    this.list = ListModel.empty(1);
  }

  protected override resized(): void {
    this.lines = helpLines(
      this.app.registry.keymap,
      this.params.scope,
      this.width,
      this.params.hasList,
    );
    this.list.replaceSource(itemsSource(this.lines), this.list.cursor);
    this.list.resize(this.height);
  }

  draw(): React.ReactNode {
    return (
      <Box flexDirection="column">
        {this.list.visible.map(({ i, row: l }) => (
          <Text key={i} bold={!l.startsWith(' ')} inverse={i === this.list.cursor} wrap="truncate">
            {fit(l, this.width)}
          </Text>
        ))}
      </Box>
    );
  }
}

export const helpFactory = (init: ViewInit<HelpParams>, app: AppApi) => new HelpModel(init, app);
