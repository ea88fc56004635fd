import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ModalModel, ViewContext, ViewInit } from '../shell/app-api.js';
import { countFiles, pageFiles, type FileListRow } from '../../store/file-pages.js';
import { safeText } from '../../util/safe-text.js';
import { cellMiddle, fit, wrap } from '../kit/text.js';
import { color } from '../kit/colors.js';
import { ListModel } from '../kit/list-model.js';
import { offsetSource, type AtIndex } from '../kit/row-source.js';
import { moveOfKey } from '../kit/moves.js';
import { BaseView } from '../shell/base-view.js';
import { FILES } from '../shell/routes.js';

export { FILES };

const STATUS_COLOR: Record<string, string | undefined> = {
  failed: 'red',
  'not-cloudtrail': 'yellow',
  'outside-window': 'cyan',
  pending: 'yellow',
};

/**
 * The evidence files of the case: status, events, verify verdict and the reason a file failed.
 * Problems first; `p` shows only them; Enter shows a file's whole message.
 */
export class FilesModel extends BaseView<Record<string, never>> {
  problemsOnly = false;
  total = 0;
  problems = 0;
  declare list: ListModel<AtIndex<FileListRow>>;

  constructor(init: ViewInit<Record<string, never>>, app: AppApi) {
    super(init, app);
    this.list = ListModel.empty(1);
    this.reload();
  }

  protected override listHeight(): number {
    return Math.max(1, this.height - 3);
  }

  private reload(): void {
    const { db } = this.app.services;
    const only = this.problemsOnly;
    this.problems = countFiles(db, true);
    this.total = only ? this.problems : countFiles(db, false);
    const total = this.total;
    this.list = new ListModel(
      offsetSource(
        () => total,
        (offset, limit) => pageFiles(db, only, offset, limit),
      ),
      this.listHeight(),
    );
  }

  override shows(): boolean {
    return true;
  }

  override context(): ViewContext {
    const f = this.list.selected?.row;
    return f ? { value: { text: f.path, label: 'file path' } } : {};
  }

  readonly handlers: Record<string, () => void> = {
    'files.problems': () => {
      this.problemsOnly = !this.problemsOnly;
      this.reload();
      this.app.message(this.problemsOnly ? 'only files with a problem or warning' : 'all files');
    },
    'files.open': () => {
      const f = this.list.selected?.row;
      if (f) this.app.openModal(fileModal(this.app, f));
    },
  };

  draw(): React.ReactNode {
    const { width, list } = this;
    const statusW = 14;
    const eventsW = 9;
    const verdictW = width >= 100 ? 12 : 0;
    const pathW = Math.max(10, width - statusW - eventsW - verdictW - 3 - (verdictW ? 1 : 0));
    const head = `${this.total.toLocaleString('en-US')} file${this.total === 1 ? '' : 's'}${this.problemsOnly ? ' with a problem or warning' : ''} · ${this.problems.toLocaleString('en-US')} with a problem or warning (p: ${this.problemsOnly ? 'all files' : 'only those'}) · Enter: the whole message`;
    const cols = (a: string, b: string, c: string, d: string) =>
      [
        fit(a, statusW),
        b.padStart(eventsW).slice(-eventsW),
        ...(verdictW ? [fit(c, verdictW)] : []),
        d,
      ].join('│');
    return (
      <Box flexDirection="column" height={this.height}>
        <Text bold wrap="truncate">
          {fit(head, width)}
        </Text>
        <Text bold wrap="truncate">
          {cols('status', 'events', 'verify', fit('file · reason', pathW))}
        </Text>
        <Text dimColor wrap="truncate">
          {'─'.repeat(width)}
        </Text>
        {list.total === 0 ? (
          <Text dimColor>
            {this.problemsOnly ? 'No file has a problem or warning.' : 'No files.'}
          </Text>
        ) : null}
        {list.visible.map(({ i, row: f }) => {
          const reason = f.error
            ? ` · ${f.error}`
            : f.warnings
              ? ` · ${warningList(f.warnings).join('; ')}`
              : '';
          return (
            <Text
              key={f.id}
              wrap="truncate"
              inverse={i === list.cursor}
              color={color(STATUS_COLOR[f.status])}
            >
              {cols(
                statusText(f),
                f.events.toLocaleString('en-US'),
                f.verdict ?? '',
                cellMiddle(`${f.path}${reason}`, pathW),
              )}
            </Text>
          );
        })}
      </Box>
    );
  }
}

/** The status column: a file indexed with warnings says so, as its reason column does. */
export function statusText(f: {
  status: string;
  warnings: string | null;
  error: string | null;
}): string {
  return f.status === 'indexed' && f.warnings && !f.error ? 'indexed (warn)' : f.status;
}

/** A file's warnings, kept as a JSON array of strings (store/files.ts): one per line, not as JSON. */
export function warningList(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v)) return v.map((w) => String(w));
  } catch {
    // written by an older version as plain text
  }
  return [text];
}

function fileModal(app: AppApi, f: FileListRow): ModalModel {
  let top = 0;
  return {
    id: 'file',
    placement: 'body',
    hint: '↑/↓ scroll  Esc/Enter/q back',
    key(key) {
      if (key === 'escape' || key === 'enter' || key === 'q') return app.closeModal();
      const m = moveOfKey(key);
      if (m === 'down') top++;
      if (m === 'up' || m === 'first') top = m === 'first' ? 0 : Math.max(0, top - 1);
    },
    draw(width, height) {
      const lines = [
        `file: ${safeText(f.path, { max: 4096 })}`,
        `status: ${f.status} · ${f.events} events read, ${f.added} new, ${f.duplicates} duplicates`,
        `SHA-256: ${f.sha256 ?? '(not recorded)'}`,
        `verify: ${f.verdict ?? 'not run (trailscope verify)'}`,
        '',
        ...(f.error ? [`error: ${safeText(f.error, { max: 10_000 })}`] : []),
        ...(f.warnings
          ? warningList(f.warnings).map((w) => `warning: ${safeText(w, { max: 10_000 })}`)
          : []),
      ].flatMap((l) => (l ? wrap(l, Math.max(10, width)) : ['']));
      top = Math.min(top, Math.max(0, lines.length - height));
      return (
        <Box flexDirection="column">
          {lines.slice(top, top + height).map((l, i) => (
            <Text key={top + i} wrap="truncate">
              {fit(l, width)}
            </Text>
          ))}
        </Box>
      );
    },
  };
}

export const filesFactory = (init: ViewInit<Record<string, never>>, app: AppApi) =>
  new FilesModel(init, app);
