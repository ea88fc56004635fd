import React from 'react';
import { Text } from 'ink';
import type { LineEdit } from '../state/line-edit.js';
import { safeText } from '../../util/safe-text.js';

/** `label text` with an inverse-video cursor, scrolled horizontally to keep the cursor in view. */
export function LineInput({ label, state, width }: { label: string; state: LineEdit; width: number }): React.JSX.Element {
  const room = Math.max(4, width - label.length - 1);
  const text = safeText(state.text);
  const start = Math.max(0, state.cursor - room + 1);
  const shown = text.slice(start, start + room);
  const at = state.cursor - start;
  return (
    <Text wrap="truncate">
      <Text bold>{label}</Text>
      {shown.slice(0, at)}
      <Text inverse>{shown[at] ?? ' '}</Text>
      {shown.slice(at + 1)}
    </Text>
  );
}
