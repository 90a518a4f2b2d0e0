/**
 * No file a newcomer has to fear: every source file (src/, bench/, scripts/, fixtures/examples/)
 * stays within FILE_LIMIT lines and every function within FUNCTION_LIMIT. Lines are physical lines,
 * comments and blank lines included; a function counts from its first token to its closing brace,
 * its nested functions included — a long function of closures is still one long function.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MEASURED = ['src', 'bench', 'scripts', 'fixtures/examples'];
const FILE_LIMIT = 600;
const FUNCTION_LIMIT = 150;
/**
 * Known to be over, with why; each entry fails the test once it is no longer over, so the list can
 * only shrink. `file:function` or `file`.
 */
const KNOWN_OVER: ReadonlyMap<string, string> = new Map<string, string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A file's length and each function's, in lines. */
interface Sizes {
  readonly lines: number;
  readonly functions: { readonly name: string; readonly line: number; readonly lines: number }[];
}

function functionName(node: ts.SignatureDeclaration, file: ts.SourceFile): string {
  if (node.name !== undefined) return node.name.getText(file);
  const parent = node.parent;
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent)
  ) {
    return parent.name.getText(file);
  }
  return ts.isConstructorDeclaration(node) ? 'constructor' : '(anonymous)';
}

function measure(fileName: string, text: string): Sizes {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lineOf = (position: number): number => file.getLineAndCharacterOfPosition(position).line + 1;
  const functions: Sizes['functions'][number][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const line = lineOf(node.getStart(file));
      functions.push({ name: functionName(node, file), line, lines: lineOf(node.getEnd()) - line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return { lines, functions };
}

describe('file and function sizes', () => {
  it('measures a function with its nested functions, from its first line to its last', () => {
    const text = [
      '// a comment',
      'export function outer(): number {',
      '  const inner = (): number => {',
      '    return 1;',
      '  };',
      '  return inner();',
      '}',
      'class C {',
      '  method(): void {}',
      '}',
      '',
    ].join('\n');
    expect(measure('sample.ts', text)).toEqual({
      lines: 10,
      functions: [
        { name: 'outer', line: 2, lines: 6 },
        { name: 'inner', line: 3, lines: 3 },
        { name: 'method', line: 9, lines: 1 },
      ],
    });
  });

  it(`keeps every source file within ${FILE_LIMIT} lines and every function within ${FUNCTION_LIMIT}`, () => {
    const files = MEASURED.flatMap((dir) => sourceFiles(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(100);
    const tooLong: string[] = [];
    const stillOver = new Set<string>();
    const over = (key: string, what: string): void => {
      if (KNOWN_OVER.has(key)) stillOver.add(key);
      else tooLong.push(what);
    };
    for (const path of files) {
      const name = relative(ROOT, path).split(sep).join('/');
      const sizes = measure(path, readFileSync(path, 'utf8'));
      if (sizes.lines > FILE_LIMIT) over(name, `${name}: ${sizes.lines} lines`);
      for (const fn of sizes.functions) {
        if (fn.lines > FUNCTION_LIMIT)
          over(`${name}:${fn.name}`, `${name}:${fn.line} ${fn.name}: ${fn.lines} lines`);
      }
    }
    expect(tooLong, `over the limits:\n${tooLong.join('\n')}`).toEqual([]);
    const fixed = [...KNOWN_OVER.keys()].filter((key) => !stillOver.has(key));
    expect(fixed, 'no longer over the limits: remove them from KNOWN_OVER').toEqual([]);
  });
});
