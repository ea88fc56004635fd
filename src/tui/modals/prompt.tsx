import React from 'react';
import { useSyncState } from '../use-sync-state.js';
import { Box, Text } from 'ink';
import type { AppApi, ModalProps, ModalSpec } from '../app-api.js';
import { editLine, lineEdit } from '../state/line-edit.js';
import { LineInput } from '../components/line-input.js';
import { useModalKeys } from '../use-command-handlers.js';
import { safeText } from '../../util/safe-text.js';
import { color } from '../colors.js';

/** A one-line question at the bottom. `submit` returns an error to show (and stay open), or null. */
export function promptModal(
  label: string,
  initial: string,
  submit: (text: string, app: AppApi) => string | null,
  note = '',
): ModalSpec {
  function Prompt({ app, width, close }: ModalProps): React.JSX.Element {
    const [getState, setState] = useSyncState(() => lineEdit(initial));
    const [getError, setError] = useSyncState<string | null>(null);
    useModalKeys(app, (key, input) => {
      const state = getState();
      if (key === 'escape') return close();
      if (key === 'enter') {
        const e = submit(state.text, app);
        if (e) setError(e);
        else close();
        return;
      }
      const next = editLine(state, key, input);
      if (next !== state) {
        setState(next);
        setError(null);
      }
    });
    const state = getState();
    const error = getError();
    return (
      <Box flexDirection="column">
        <LineInput label={label} state={state} width={width} />
        <Text wrap="truncate" color={error ? color('red') : undefined} dimColor={!error}>
          {error ? `✖ ${safeText(error)}` : note}
        </Text>
      </Box>
    );
  }
  return {
    id: 'prompt',
    placement: 'bottom',
    lines: 2,
    hint: 'Enter ok  Esc cancel',
    component: Prompt,
  };
}
