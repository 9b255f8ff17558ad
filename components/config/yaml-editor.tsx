'use client';
/**
 * A CodeMirror 6 YAML editor with syntax highlighting and a linter that underlines problems at
 * their line and column. Heavy: load it with next/dynamic where it is used. Uncontrolled: it
 * starts from `initial` and reports edits; give it a new `key` to load another text.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { parseYamlDoc, type YamlSchema } from './yaml-doc';

export interface YamlEditorProps {
  initial: string;
  schema: YamlSchema;
  onChange?: (text: string) => void;
  readOnly?: boolean;
  /** Accessible name of the editing area. */
  label: string;
  minHeight?: string;
}

const theme = EditorView.theme({
  '&': { fontSize: '12.5px', border: '1px solid rgb(212 212 216)', borderRadius: '6px', overflow: 'hidden' },
  '&.cm-focused': { outline: '2px solid rgb(99 102 241)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', lineHeight: '1.55' },
  '.cm-gutters': { backgroundColor: 'rgb(250 250 250)', borderRight: '1px solid rgb(228 228 231)', color: 'rgb(161 161 170)' },
});

/** Enter keeps the current indentation, one level deeper after a "key:" line. */
export default function YamlEditor({ initial, schema, onChange, readOnly = false, label, minHeight = '18rem' }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  useEffect(() => {
    if (!host.current) return;
    const lint = linter(
      (view): Diagnostic[] => {
        const result = parseYamlDoc(view.state.doc.toString(), schema);
        if (result.ok) return [];
        const length = view.state.doc.length;
        return result.problems.map((p) => ({
          from: Math.min(p.from, length),
          to: Math.min(p.to, length),
          severity: 'error',
          message: `line ${p.line}, column ${p.col}: ${p.message}`,
        }));
      },
      { delay: 300 },
    );
    const extensions: Extension[] = [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      drawSelection(),
      highlightActiveLine(),
      indentOnInput(),
      bracketMatching(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      yaml(),
      lint,
      lintGutter(),
      theme,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
      EditorView.theme({ '.cm-content, .cm-gutter': { minHeight } }),
      EditorState.readOnly.of(readOnly),
      EditorView.editable.of(!readOnly),
      history(),
      keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
      indentUnit.of('  '),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChangeRef.current?.(update.state.doc.toString());
      }),
    ];
    const view = new EditorView({ parent: host.current, state: EditorState.create({ doc: initial, extensions }) });
    return () => view.destroy();
    // The editor is created once per mount; the parent remounts it (key) to load other text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return <div ref={host} data-testid="yaml-editor" className="bg-white text-zinc-900 dark:bg-zinc-50" />;
}
