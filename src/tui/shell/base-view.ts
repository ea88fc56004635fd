import type { ReactNode } from 'react';
import type { AppApi, ViewContext, ViewInit, ViewModel } from './app-api.js';
import type { ListModel } from '../kit/list-model.js';

/**
 * What most view models share: the area they draw in, the shell they live in, a list (optional)
 * and their work on the query thread, cancelled when they leave the stack.
 */
export abstract class BaseView<P = unknown> implements ViewModel {
  readonly kind: string;
  title: string;
  private readonly initParams: P;
  width = 80;
  height = 20;
  list?: ListModel<any>;
  abstract readonly handlers: Readonly<Record<string, () => void>>;
  private cancels = new Set<() => void>();
  private disposed = false;
  private laidOut = false;

  constructor(
    init: ViewInit<P>,
    readonly app: AppApi,
  ) {
    this.kind = init.kind;
    this.title = init.title;
    this.initParams = init.params;
  }

  /** What the view was opened with (views that change what they show override this). */
  get params(): P {
    return this.initParams;
  }

  layout(width: number, height: number): void {
    const changed = width !== this.width || height !== this.height;
    this.width = width;
    this.height = height;
    if (changed || !this.laidOut) {
      this.laidOut = true;
      this.resized();
    }
  }

  /** The area changed: re-fit the list window (views with more than a list extend this). */
  protected resized(): void {
    this.list?.resize(this.listHeight());
  }

  /** Lines the list gets: the view's height less its own header lines. */
  protected listHeight(): number {
    return Math.max(1, this.height);
  }

  context(): ViewContext {
    return {};
  }

  abstract draw(): ReactNode;

  /**
   * Run work after the current key or frame (a query, a scan) and apply its result unless the view
   * left the stack first; `cancel` is called on dispose.
   */
  protected later<T>(
    work: Promise<T> | (() => T),
    apply: (value: T) => void,
    fail: (err: Error) => void = () => {},
    cancel?: () => void,
  ): void {
    let live = true;
    const stop = () => {
      live = false;
      cancel?.();
    };
    this.cancels.add(stop);
    const promise =
      typeof work === 'function'
        ? new Promise<T>((resolve, reject) =>
            setTimeout(() => {
              if (!live) return;
              try {
                resolve(work());
              } catch (err) {
                reject(err);
              }
            }, 0),
          )
        : work;
    promise.then(
      (v) => {
        this.cancels.delete(stop);
        if (!live || this.disposed) return;
        apply(v);
        this.app.changed();
      },
      (err: Error) => {
        this.cancels.delete(stop);
        if (!live || this.disposed) return;
        fail(err);
        this.app.changed();
      },
    );
  }

  /** Cancel what `later` started (a new filter replaces the running one). */
  protected cancelPending(): void {
    for (const c of [...this.cancels]) c();
    this.cancels.clear();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelPending();
  }

  shows(init: ViewInit): boolean {
    return JSON.stringify(init.params) === JSON.stringify(this.params);
  }
}
