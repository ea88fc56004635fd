import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type {
  AppApi,
  KeyHandler,
  ModalSpec,
  TuiServices,
  TuiSettings,
  ViewContext,
} from './app-api.js';
import type { EventRow } from '../store/event-row.js';
import { hintLine, resolveKey } from './commands.js';
import { keyName, splitKeys } from './keys.js';
import { breadcrumbs, initialNav, navReducer, topView, type NavAction } from './state/nav.js';
import { viewDefinition, type ViewInit } from './views.js';
import { useTerminalSize } from './use-terminal-size.js';
import { fit } from './text.js';
import { terminalText } from '../util/safe-text.js';
import { color } from './colors.js';
import { MAX_MARKS } from './marks.js';
import { caseFileOpened } from './open-hooks.js';
import { useSyncState } from './use-sync-state.js';

export interface AppProps {
  services: TuiServices;
  root: ViewInit;
  /** Fixed viewport (tests); otherwise the terminal's size, followed on resize. */
  size?: { columns: number; rows: number };
  /** Called with every key name before dispatch (frame tracing). */
  onKey?: (key: string) => void;
  onQuit?: () => void;
}

/** Lines the app itself draws around the view: breadcrumbs, status, hints. */
export const CHROME_LINES = 3;

export function App({ services, root, size, onKey, onQuit }: AppProps): React.JSX.Element {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize(size);
  // The stack is read and changed synchronously: a key typed ahead of the frame (Enter q in one
  // chunk) must act on the stack as the previous key left it, not on the last drawn one.
  const [getNav, setNav] = useSyncState(() => initialNav(root));
  const nav = getNav();
  const dispatch = (action: NavAction) => {
    const before = getNav();
    setNav((s) => navReducer(s, action));
    const after = getNav();
    // a pushed view has no handlers or context until it renders: keys wait for it
    if (action.type === 'push' && after !== before) unready.current.add(topView(after).key);
  };
  const [status, setStatus] = useState<{ text: string; kind: 'info' | 'error' } | null>(null);
  const [modal, setModal] = useState<ModalSpec | null>(null);
  const [marks, setMarks] = useState<EventRow[]>([]);
  const [settings, setSettingsState] = useState<TuiSettings>({ columns: null, order: 'desc' });
  const contexts = useRef(new Map<number, ViewContext | (() => ViewContext)>());
  const handlers = useRef(new Map<number, Record<string, () => void>>());
  const modalKeys = useRef<KeyHandler | null>(null);
  const modalOpening = useRef(false);
  const heldKeys = useRef<{ name: string; input: string }[]>([]);
  /** Views pushed but not yet rendered, and the keys typed while the top one was such a view. */
  const unready = useRef(new Set<number>());
  const viewQueue = useRef<{ name: string; input: string }[]>([]);
  /**
   * A key was handed to a view since the last commit: its handlers still close over the state of
   * the last render (the selected row, the cursor), so the next key of the same chunk (`↓ ↓ ↓ ⏎`
   * over a slow link) waits for the commit that brings fresh ones.
   */
  const stale = useRef(false);
  const [, setTick] = useState(0);
  const history = useRef<string[]>([]);
  const marksRef = useRef(marks);
  marksRef.current = marks;
  const settingsRef = useRef(settings);
  settingsRef.current = settings;

  const quit = useCallback(() => {
    onQuit?.();
    exit();
  }, [exit, onQuit]);

  useMemo(() => caseFileOpened(services), [services]);

  // One stable object: views keep it in effect deps; mutable parts are read through refs.
  const api = useMemo<AppApi>(
    () => ({
      services,
      push: (view) => dispatch({ type: 'push', view }),
      pop: () => dispatch({ type: 'pop' }),
      updateView: (key, patch) => dispatch({ type: 'update', key, ...patch }),
      quit,
      stackDepth: () => getNav().stack.length,
      activeKind: () => topView(getNav()).kind,
      message: (text, kind = 'info') => setStatus({ text, kind }),
      context: () => {
        const c = contexts.current.get(topView(getNav()).key);
        return (typeof c === 'function' ? c() : c) ?? {};
      },
      report: (viewKey, ctx) => {
        contexts.current.set(viewKey, ctx);
      },
      setCommandHandlers: (viewKey, h) => {
        handlers.current.set(viewKey, h);
      },
      openModal: (m) => {
        // keys typed before the modal's first render are held for it, not run as commands
        modalOpening.current = true;
        setModal(m);
      },
      closeModal: () => {
        modalKeys.current = null;
        modalOpening.current = false;
        setModal(null);
      },
      setModalKeys: (h) => {
        modalKeys.current = h;
        if (h && modalOpening.current) {
          modalOpening.current = false;
          // called while the modal renders: deliver after it, through the current handler
          setTimeout(() => {
            for (const k of heldKeys.current.splice(0)) modalKeys.current?.(k.name, k.input);
          }, 0);
        }
      },
      get marks() {
        return marksRef.current;
      },
      toggleMark: (row) => {
        const cur = marksRef.current;
        let next: EventRow[];
        if (cur.some((m) => m.id === row.id)) next = cur.filter((m) => m.id !== row.id);
        else if (cur.length >= MAX_MARKS)
          return setStatus({
            text: `at most ${MAX_MARKS} marked events (M clears marks)`,
            kind: 'error',
          });
        else next = [...cur, row];
        // the ref first: a key burst (Space j Space) must see the first mark
        marksRef.current = next;
        setMarks(next);
      },
      clearMarks: () => {
        marksRef.current = [];
        setMarks([]);
      },
      get settings() {
        return settingsRef.current;
      },
      setSettings: (patch) => setSettingsState((s) => ({ ...s, ...patch })),
      get filterHistory() {
        return history.current;
      },
    }),
    [services, quit],
  );

  const top = topView(nav);

  const dispatchKey = (name: string, input: string) => {
    onKey?.(name);
    if (name === 'ctrl-c') {
      quit();
      return;
    }
    // behind keys already waiting for a view to render: keep their order
    if (viewQueue.current.length || stale.current || unready.current.has(topView(getNav()).key)) {
      viewQueue.current.push({ name, input });
      return;
    }
    deliverKey(name, input);
  };
  const deliverKey = (name: string, input: string) => {
    setStatus(null);
    if (modalOpening.current) {
      heldKeys.current.push({ name, input });
      return;
    }
    if (modalKeys.current) {
      modalKeys.current(name, input);
      // line editors keep their text in synchronous state; a key that closed the modal may have
      // changed the view under it
      if (!modalKeys.current) markStale();
      return;
    }
    const cmd = resolveKey(topView(getNav()).kind, name);
    if (!cmd) return;
    markStale();
    if (cmd.run) cmd.run(api);
    else handlers.current.get(topView(getNav()).key)?.[cmd.id]?.();
  };
  const markStale = () => {
    stale.current = true;
    // a commit must follow even when the key changed nothing, or later keys would wait forever
    setTick((t) => t + 1);
  };
  useInput((input, key) => {
    // Keys typed ahead (or a paste) arrive as one chunk: split it into keys. Handlers read
    // synchronous state and keys for a modal that is still opening are held for it, so a burst
    // like `jjjf name:X⏎` does what it would have done typed slowly.
    const burst = input.length > 1 && !input.includes('\u001b') ? splitKeys(input) : null;
    if (burst) for (const k of burst) dispatchKey(k.name, k.input);
    else dispatchKey(keyName(input, key), input);
  });

  // After every commit the stacked views have rendered (handlers and context registered): run the
  // keys that waited for them, until one pushes a view that must render first.
  useEffect(() => {
    // only the views this commit drew: one pushed since then has still to render
    for (const v of nav.stack) unready.current.delete(v.key);
    const stacked = new Set(getNav().stack.map((v) => v.key));
    for (const k of unready.current) if (!stacked.has(k)) unready.current.delete(k);
    stale.current = false;
    while (
      viewQueue.current.length &&
      !stale.current &&
      !unready.current.has(topView(getNav()).key)
    ) {
      const k = viewQueue.current.shift()!;
      deliverKey(k.name, k.input);
    }
  });

  // Drop contexts and handlers of popped views.
  const live = new Set(nav.stack.map((v) => v.key));
  for (const k of [...contexts.current.keys()]) if (!live.has(k)) contexts.current.delete(k);
  for (const k of [...handlers.current.keys()]) if (!live.has(k)) handlers.current.delete(k);

  const width = Math.max(columns, 20);
  // ink clears the whole screen when a frame is as tall as the terminal: stay one line short.
  const frameLines = Math.max(rows - 1, 6);
  const bottomLines = modal?.placement === 'bottom' ? (modal.lines ?? 1) : 0;
  const viewHeight = Math.max(frameLines - CHROME_LINES - bottomLines, 1);
  const modalActive = modal?.placement === 'body';
  const ModalComponent = modal?.component;
  const statusText = status
    ? status.kind === 'error'
      ? `✖ ${status.text}`
      : status.text
    : markSummary(marks);

  return (
    <Box flexDirection="column" width={width} height={frameLines}>
      <Text wrap="truncate" bold color={color('cyan')}>
        {fit(terminalText(breadcrumbs(nav, width)), width)}
      </Text>
      <Box flexDirection="column" height={modalActive ? 0 : viewHeight} overflow="hidden">
        {nav.stack.map((v) => {
          const def = viewDefinition(v.kind);
          const active = v.key === top.key && !modalActive;
          if (!def)
            return active ? <Text key={v.key}>no view registered for "{v.kind}"</Text> : null;
          const C = def.component;
          return (
            <C key={v.key} view={v} app={api} width={width} height={viewHeight} active={active} />
          );
        })}
      </Box>
      {ModalComponent && modalActive ? (
        <Box flexDirection="column" height={viewHeight} overflow="hidden">
          <ModalComponent app={api} width={width} height={viewHeight} close={api.closeModal} />
        </Box>
      ) : null}
      {ModalComponent && !modalActive ? (
        <Box flexDirection="column" height={bottomLines} overflow="hidden">
          <ModalComponent app={api} width={width} height={bottomLines} close={api.closeModal} />
        </Box>
      ) : null}
      <Text wrap="truncate" color={status?.kind === 'error' ? color('red') : undefined}>
        {fit(terminalText(statusText), width)}
      </Text>
      <Text wrap="truncate" dimColor>
        {fit(modal ? modalHint(modal) : hintLine(top.kind, width, nav.stack.length === 1), width)}
      </Text>
    </Box>
  );
}

function markSummary(marks: readonly EventRow[]): string {
  return marks.length ? `${marks.length} marked (C compare, M clear)` : '';
}

function modalHint(modal: ModalSpec): string {
  return modal.hint ?? 'Esc close';
}
