// The import graph of the TypeScript sources, read from the compiler's syntax trees (imports,
// re-exports and dynamic imports, each marked when it is erased at run time), for the layering tests.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export type ImportGraph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** `./x.js` → the `.ts`/`.tsx` file it names (NodeNext writes the emitted name). */
function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(m?js|jsx)$/, '');
  for (const c of [`${stem}.ts`, `${stem}.tsx`, base, join(base, 'index.ts')])
    if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

export interface ImportSpec {
  specifier: string;
  /** `import type`, `export type`, or every named binding marked `type`: erased at run time. */
  typeOnly: boolean;
}

/** The imports and re-exports of one module, from its syntax tree (dynamic imports count as run-time). */
function importsOf(file: string): ImportSpec[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: ImportSpec[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const named = c?.namedBindings;
      const allTypes =
        !!c &&
        (c.isTypeOnly ||
          (!c.name &&
            !!named &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
      out.push({ specifier: node.moduleSpecifier.text, typeOnly: allTypes });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const named = node.exportClause;
      const allTypes =
        node.isTypeOnly ||
        (!!named &&
          ts.isNamedExports(named) &&
          named.elements.length > 0 &&
          named.elements.every((e) => e.isTypeOnly));
      out.push({ specifier: node.moduleSpecifier.text, typeOnly: allTypes });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const lit = node.argument.literal;
      if (ts.isStringLiteral(lit)) out.push({ specifier: lit.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return out;
}

/** Every module under `root` (paths relative to `repo`) with what it imports. */
export function importSpecifiers(repo: string, root: string): Map<string, ImportSpec[]> {
  const out = new Map<string, ImportSpec[]>();
  for (const file of sourceFiles(join(repo, root))) out.set(relative(repo, file), importsOf(file));
  return out;
}

/**
 * Edges between the modules under `root` (imports of packages and of other roots left out);
 * `runtimeOnly` leaves out imports erased at run time.
 */
export function importGraph(
  repo: string,
  root: string,
  opts: { runtimeOnly?: boolean } = {},
): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [file, specs] of importSpecifiers(repo, root)) {
    const to = specs
      .filter((s) => !(opts.runtimeOnly && s.typeOnly))
      .map((s) => resolveLocal(join(repo, file), s.specifier))
      .filter((p): p is string => p !== null)
      .map((p) => relative(repo, p));
    graph.set(file, [...new Set(to)]);
  }
  return graph;
}

/**
 * The import cycles: each strongly connected component of more than one module (or a module that
 * imports itself), as its modules sorted (Tarjan's algorithm, iterative: no recursion limit).
 */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const edges = graph.get(top.node) ?? [];
      if (top.edge < edges.length) {
        const to = edges[top.edge++];
        if (!graph.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length)
        low.set(
          work[work.length - 1].node,
          Math.min(low.get(work[work.length - 1].node)!, low.get(top.node)!),
        );
      if (low.get(top.node) === index.get(top.node)) {
        const scc: string[] = [];
        let m: string;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          scc.push(m);
        } while (m !== top.node);
        if (scc.length > 1 || edges.includes(top.node)) cycles.push(scc.sort());
      }
    }
  }
  return cycles;
}
