import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ViewContext, ViewInit } from '../shell/app-api.js';
import type { Trace } from '../../domain/lineage-types.js';
import { traceSubject } from '../../domain/lineage.js';
import { termText } from '../../query/index.js';
import { safeText } from '../../util/safe-text.js';
import { fit } from '../kit/text.js';
import { color } from '../kit/colors.js';
import { ListModel } from '../kit/list-model.js';
import { itemsSource, type AtIndex } from '../kit/row-source.js';
import { BaseView } from '../shell/base-view.js';
import {
  CHAIN,
  chainView,
  eventDetailView,
  keyEventsView,
  type ChainParams,
} from '../shell/routes.js';
import { chainLines, type ChainAction, type ChainLine } from './chain-lines.js';
import { credentialStore } from './lineage-data.js';

export { CHAIN };

/** A key's (or an event's key's) chain of credentials back to its origin, hop by hop. */
export class ChainModel extends BaseView<ChainParams> {
  readonly trace: Trace | undefined;
  readonly error: string | undefined;
  lines: ChainLine[] = [];
  declare list: ListModel<AtIndex<ChainLine>>;
  private placed = false;

  constructor(init: ViewInit<ChainParams>, app: AppApi) {
    super(init, app);
    try {
      this.trace = traceSubject(credentialStore(app.services.db), init.params.subject);
    } catch (err) {
      this.error = (err as Error).message;
    }
    this.list = ListModel.empty(1);
  }

  protected override resized(): void {
    this.lines = this.trace ? chainLines(this.trace, this.width) : [];
    // the cursor starts on the first line that leads somewhere
    // (when that line is on the first screen: the origin and the verdict above it stay in view)
    const found = this.lines.findIndex((l) => l.action);
    const first = found >= 0 && found < Math.max(1, this.height - 1) ? found : 0;
    // the window's height first: placing the cursor in a one-line window would scroll it to the top
    this.list.resize(Math.max(1, this.height - 1));
    this.list.replaceSource(itemsSource(this.lines), this.placed ? this.list.cursor : first);
    this.placed = true;
  }

  override context(): ViewContext {
    const a = this.list.selected?.row.action;
    const row = a?.kind === 'event' ? this.app.services.reader.row(a.rowid) : undefined;
    const key = a && a.kind !== 'event' ? a.key : undefined;
    return {
      ...(row ? { selected: row } : {}),
      ...(key ? { value: { text: termText('key', key), label: 'access key' } } : {}),
    };
  }

  private act(a: ChainAction | undefined): void {
    if (!a) return;
    if (a.kind === 'key-events') this.app.push(keyEventsView(a.key));
    else if (a.kind === 'chain') this.app.push(chainView(a.key));
    else {
      const row = this.app.services.reader.row(a.rowid);
      if (row) this.app.push(eventDetailView(row));
      else this.app.message('that event is no longer in the case file', 'error');
    }
  }

  readonly handlers: Record<string, () => void> = {
    'chain.next': () => {
      const cur = this.list.cursor;
      const here = this.lines[cur]?.action;
      const i = this.lines.findIndex((l, n) => n > cur && l.action && l.action !== here);
      if (i >= 0) this.list.moveTo(i);
    },
    'chain.open': () => this.act(this.list.selected?.row.action),
  };

  draw(): React.ReactNode {
    const { width, list } = this;
    const subject = safeText(this.params.subject, { max: 60 });
    if (!this.trace)
      return (
        <Text color={color('red')}>
          {fit(
            this.error
              ? `cannot trace ${subject}: ${safeText(this.error, { max: 200 })}`
              : `no access key or event "${subject}" in this case file`,
            width,
          )}
        </Text>
      );
    const t = this.trace;
    const head = `Credential chain for ${t.subjectKind === 'event' ? `event ${subject}${t.accessKeyId ? ` (key ${safeText(t.accessKeyId)})` : ''}` : `key ${subject}`}`;
    return (
      <Box flexDirection="column" height={this.height}>
        <Text bold wrap="truncate">
          {fit(head, width)}
        </Text>
        {list.visible.map(({ i, row: l }) => (
          <Text
            key={i}
            wrap="truncate"
            inverse={i === list.cursor}
            bold={l.style === 'title' || l.style === 'section'}
            dimColor={l.style === 'dim'}
            color={
              l.style === 'warn'
                ? color('red')
                : l.style === 'ok'
                  ? color('green')
                  : l.style === 'section'
                    ? color('cyan')
                    : undefined
            }
          >
            {fit(l.text, width)}
          </Text>
        ))}
      </Box>
    );
  }
}

export const chainFactory = (init: ViewInit<ChainParams>, app: AppApi) => new ChainModel(init, app);
