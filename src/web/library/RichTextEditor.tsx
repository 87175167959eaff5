/**
 * A small rich text editor for news and unit pages: a contentEditable area with bold, italic,
 * heading, lists and link buttons, and nothing else. No editor library: the browser's own editing
 * commands are enough for what editors write, and whatever HTML comes out is cleaned by the
 * server's sanitizer on save (documents/sanitize.ts), which is the only gate that counts.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ActionIcon, Group, Input, Paper, TextInput, Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

type Command = 'bold' | 'italic' | 'heading' | 'insertUnorderedList' | 'insertOrderedList' | 'link' | 'unlink';

/** Links an editor may insert: web addresses and paths inside the app. */
export function acceptableLink(url: string): string | null {
  const u = url.trim();
  if (/^\/(?!\/)/.test(u)) return u;
  if (/^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(u)) return u;
  if (/^[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?$/i.test(u)) return `https://${u}`;
  return null;
}

/** The browser's editing commands (document.execCommand is old but universal, phones included). */
function run(command: string, value?: string) {
  document.execCommand(command, false, value);
}

function ToolButton({
  label,
  active,
  onClick,
  children,
}: {
  label: string;
  active?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <ActionIcon
      size={48}
      variant={active ? 'filled' : 'default'}
      aria-label={label}
      aria-pressed={active ?? false}
      title={label}
      // Keep the selection in the editor: a button that took focus would lose it.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      {/* One-character glyphs: the button's name is its label (axe: label-content-name-mismatch). */}
      <span aria-hidden="true">{children}</span>
    </ActionIcon>
  );
}

export function RichTextEditor({ label, value, onChange }: { label: string; value: string; onChange: (html: string) => void }) {
  const { t } = useTranslation();
  const area = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<Record<string, boolean>>({});
  const [linkOpen, setLinkOpen] = useState(false);
  const [link, setLink] = useState('');
  const [linkError, setLinkError] = useState(false);
  const saved = useRef<Range | null>(null);

  // Enter makes paragraphs, not <div>s (the sanitizer keeps <p> and would flatten <div> lines).
  useEffect(() => run('defaultParagraphSeparator', 'p'), []);

  // Written once from outside; after that the DOM is the source and onChange reports it.
  useEffect(() => {
    if (area.current && area.current.innerHTML !== value && document.activeElement !== area.current)
      area.current.innerHTML = value;
  }, [value]);

  const refresh = () => {
    setState({
      bold: document.queryCommandState('bold'),
      italic: document.queryCommandState('italic'),
      insertUnorderedList: document.queryCommandState('insertUnorderedList'),
      insertOrderedList: document.queryCommandState('insertOrderedList'),
      heading: /^h\d$/i.test(String(document.queryCommandValue('formatBlock'))),
    });
  };
  const changed = () => {
    onChange(area.current?.innerHTML ?? '');
    refresh();
  };
  const apply = (command: Command) => {
    area.current?.focus();
    if (command === 'heading') run('formatBlock', state.heading ? '<p>' : '<h3>');
    else if (command === 'link') {
      const sel = window.getSelection();
      saved.current = sel && sel.rangeCount ? sel.getRangeAt(0).cloneRange() : null;
      setLink('');
      setLinkError(false);
      setLinkOpen(true);
      return;
    } else run(command);
    changed();
  };
  const insertLink = () => {
    const url = acceptableLink(link);
    if (!url) {
      setLinkError(true);
      return;
    }
    area.current?.focus();
    const sel = window.getSelection();
    if (saved.current && sel) {
      sel.removeAllRanges();
      sel.addRange(saved.current);
    }
    if (sel && sel.isCollapsed) run('insertText', url);
    // Select the text just typed when nothing was selected, so it becomes the link.
    if (sel && sel.isCollapsed && sel.focusNode) {
      const r = document.createRange();
      r.setStart(sel.focusNode, Math.max(0, sel.focusOffset - url.length));
      r.setEnd(sel.focusNode, sel.focusOffset);
      sel.removeAllRanges();
      sel.addRange(r);
    }
    run('createLink', url);
    setLinkOpen(false);
    changed();
  };

  return (
    <Input.Wrapper label={label} labelElement="div">
      <Paper withBorder radius="sm">
        <Group
          gap={4}
          p={4}
          role="toolbar"
          aria-label={t('library.editor.toolbar')}
          wrap="wrap"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          <ToolButton label={t('library.editor.bold')} active={state.bold} onClick={() => apply('bold')}>
            <b>B</b>
          </ToolButton>
          <ToolButton label={t('library.editor.italic')} active={state.italic} onClick={() => apply('italic')}>
            <i style={{ fontFamily: 'serif' }}>I</i>
          </ToolButton>
          <ToolButton label={t('library.editor.heading')} active={state.heading} onClick={() => apply('heading')}>
            H
          </ToolButton>
          <ToolButton
            label={t('library.editor.bullets')}
            active={state.insertUnorderedList}
            onClick={() => apply('insertUnorderedList')}
          >
            •≡
          </ToolButton>
          <ToolButton
            label={t('library.editor.numbers')}
            active={state.insertOrderedList}
            onClick={() => apply('insertOrderedList')}
          >
            ⒈
          </ToolButton>
          <ToolButton label={t('library.editor.link')} onClick={() => apply('link')}>
            🔗
          </ToolButton>
          <ToolButton label={t('library.editor.unlink')} onClick={() => apply('unlink')}>
            ⊘
          </ToolButton>
        </Group>
        {linkOpen && (
          <Stack gap="xs" p="xs">
            <TextInput
              label={t('library.editor.linkUrl')}
              placeholder="https://…"
              value={link}
              onChange={(e) => setLink(e.currentTarget.value)}
              error={linkError ? t('library.editor.linkInvalid') : undefined}
              size="md"
              autoFocus
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  insertLink();
                }
              }}
            />
            <Group gap="xs">
              <Button size="md" onClick={insertLink}>
                {t('library.editor.insertLink')}
              </Button>
              <Button size="md" variant="default" onClick={() => setLinkOpen(false)}>
                {t('library.editor.cancel')}
              </Button>
            </Group>
          </Stack>
        )}
        <div
          ref={area}
          className="article-body"
          role="textbox"
          aria-multiline="true"
          aria-label={label}
          contentEditable
          suppressContentEditableWarning
          onInput={changed}
          onKeyUp={refresh}
          onMouseUp={refresh}
          onBlur={changed}
          style={{ minHeight: 200, padding: 12, fontSize: 18, lineHeight: 1.6, outline: 'none' }}
        />
      </Paper>
    </Input.Wrapper>
  );
}
