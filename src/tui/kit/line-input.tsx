import React from 'react';
import { Text } from 'ink';
import type { LineEdit } from './line-edit.js';
import { safeText } from '../../util/safe-text.js';
import { displayWidth, takeColumns, takeLastColumns } from '../../util/display-width.js';

/**
 * What a one-line input shows in `room` columns: the text made safe (typed or pasted text can hold
 * anything a record holds), cut between clusters, scrolled so the cursor stays in view. `skip` is
 * how many columns of the safe text are scrolled off on the left.
 */
export function inputView(
  text: string,
  cursor: number,
  room: number,
): { before: string; at: string; after: string; skip: number } {
  const ch = cursor < text.length ? String.fromCodePoint(text.codePointAt(cursor)!) : '';
  const at = ch ? safeText(ch) : ' ';
  const atW = Math.max(1, displayWidth(at));
  const fullBefore = safeText(text.slice(0, cursor));
  const fullW = displayWidth(fullBefore);
  const before =
    fullW + atW <= room
      ? { text: fullBefore, width: fullW }
      : takeLastColumns(fullBefore, Math.max(0, room - atW));
  const after = takeColumns(
    safeText(text.slice(cursor + ch.length)),
    Math.max(0, room - before.width - atW),
  );
  return { before: before.text, at, after: after.text, skip: fullW - before.width };
}

/** Column (within the input's text area) where raw offset `pos` of the text is drawn, and the width of `len` code units from there. */
export function inputColumn(
  text: string,
  cursor: number,
  room: number,
  pos: number,
  len: number,
): { col: number; width: number } {
  const { skip } = inputView(text, cursor, room);
  const col = displayWidth(safeText(text.slice(0, pos))) - skip;
  const width = Math.max(1, displayWidth(safeText(text.slice(pos, pos + len))));
  return { col: Math.max(0, col), width };
}

/** Columns the text gets after the label. */
export function inputRoom(label: string, width: number): number {
  return Math.max(4, width - displayWidth(label) - 1);
}

/** `label text` with an inverse-video cursor, scrolled horizontally to keep the cursor in view. */
export function LineInput({
  label,
  state,
  width,
}: {
  label: string;
  state: LineEdit;
  width: number;
}): React.JSX.Element {
  const v = inputView(state.text, state.cursor, inputRoom(label, width));
  return (
    <Text wrap="truncate">
      <Text bold>{label}</Text>
      {v.before}
      <Text inverse>{v.at}</Text>
      {v.after}
    </Text>
  );
}
