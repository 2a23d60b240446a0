/**
 * Library (librarians): sign in with the admin token (kept in sessionStorage, so it
 * leaves with the tab), upload several files by drag and drop with per-file progress and
 * the per-file quality report, and list, filter and delete documents. Every error names
 * the file and says what to do, in Chinese.
 */

import {
  addDictionaryWords,
  ApiError,
  deleteDocument,
  fetchDictionary,
  errorMessage,
  fetchApiPaths,
  fetchDocumentIndex,
  invalidateDocumentIndex,
  uploadFile,
  verifyAdminToken,
  type DictionaryWord,
  type DocumentSummary,
  type FileReport,
} from './api.ts';
import { h, replaceChildren, statusBox } from './dom.ts';
import { kindLabel, UNTITLED } from './labels.ts';
import { typeset } from './render.ts';
import { docHref, libraryHref, replaceHash, type LibraryRoute, type View } from './router.ts';

/** sessionStorage key of the admin token: the tab forgets it when closed. */
export const TOKEN_STORAGE_KEY = 'policy-kg.admin-token';
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024; // the server's per-file limit (README "Limits")
const ACCEPTED = '.txt,.text,.md,.markdown,.html,.htm,.xhtml,.shtml,.docx,.pdf,.doc';
const FILTER_DEBOUNCE = 150; // ms
const MAX_DICTIONARY_WORD = 40; // characters, the API's limit
/** jieba part-of-speech tags offered for new words. */
const DICTIONARY_TAGS: readonly [string, string][] = [
  ['n', '普通名词（n）'],
  ['nz', '专有名词（nz）'],
  ['nt', '机构名（nt）'],
  ['ns', '地名（ns）'],
];

const STATUS_LABELS: Readonly<Record<FileReport['status'], string>> = {
  added: '已添加',
  updated: '已更新',
  unchanged: '未变化（内容与库中相同）',
  failed: '导入失败',
};

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

function storeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
    else sessionStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // storage disabled: the token lives only in this page
  }
}

/** Human file sizes: 12 KB, 3.4 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Why a file is not sent at all, or null when it may be uploaded. */
export function precheckFile(file: { name: string; size: number }): string | null {
  if (file.size === 0) return `文件 ${file.name} 是空文件，未上传。`;
  if (file.size > MAX_UPLOAD_BYTES) {
    return `文件 ${file.name}（${formatBytes(file.size)}）超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB 上限，未上传；请拆分后再试。`;
  }
  return null;
}

/** The Chinese message for a refused upload or delete, naming the file. */
function requestFailure(error: unknown, subject: string): string {
  if (error instanceof ApiError) {
    if (error.code === 'unauthorized') return `${subject}：管理令牌无效或已更换，请重新登录。`;
    if (error.code === 'network') return `${subject}：无法连接服务器，请检查网络后重试。`;
    if (error.code === 'rate_limited') return `${subject}：操作过于频繁，请一分钟后再试。`;
  }
  return `${subject}：${errorMessage(error)}`;
}

export function mountLibraryView(root: HTMLElement, route: LibraryRoute): View<LibraryRoute> {
  let token = readToken();
  let documents: DocumentSummary[] = [];
  let filter = route.q;
  let destroyed = false;

  // ---------- sign in ----------
  const authBox = h('section', { class: 'panel library-auth', attrs: { 'aria-labelledby': 'library-auth-title' } });

  function renderAuth(message?: string): void {
    if (token) {
      replaceChildren(
        authBox,
        h('h2', { id: 'library-auth-title', text: '管理员' }),
        h(
          'p',
          { class: 'auth-state' },
          h('span', { class: 'badge badge-ok', text: '已登录' }),
          ' 可以上传和删除文档。令牌只保存在本标签页，关闭后需重新登录。',
          h('button', { type: 'button', class: 'button subtle', text: '退出登录', on: { click: () => signOut() } }),
        ),
      );
      return;
    }
    const input = h('input', {
      type: 'password',
      id: 'admin-token',
      class: 'token-input',
      attrs: { autocomplete: 'current-password', placeholder: '管理令牌（KG_ADMIN_TOKEN）', required: '' },
    });
    const submit = h('button', { type: 'submit', class: 'button', text: '登录' });
    const error = h('p', { class: 'form-error', attrs: { role: 'alert' } });
    if (message) error.textContent = message;
    const form = h(
      'form',
      { class: 'auth-form' },
      h('label', { attrs: { for: 'admin-token' }, text: '管理令牌' }),
      input,
      submit,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (!value) {
        error.textContent = '请输入管理令牌。';
        return;
      }
      submit.disabled = true;
      submit.textContent = '正在验证…';
      error.textContent = '';
      try {
        await verifyAdminToken(value);
        token = value;
        storeToken(value);
        renderAll();
        document.getElementById('upload-button')?.focus();
      } catch (failure) {
        const code = failure instanceof ApiError ? failure.code : '';
        error.textContent =
          code === 'unauthorized'
            ? '管理令牌不正确，请检查后重试。'
            : code === 'writes_disabled'
              ? '服务器未配置管理令牌（KG_ADMIN_TOKEN），暂时不能上传或删除文档。'
              : `登录失败：${errorMessage(failure)}`;
        submit.disabled = false;
        submit.textContent = '登录';
        input.select();
      }
    });
    replaceChildren(
      authBox,
      h('h2', { id: 'library-auth-title', text: '管理员登录' }),
      h('p', { class: 'muted', text: '上传和删除文档需要管理令牌（服务器的 KG_ADMIN_TOKEN）。令牌只保存在本标签页。' }),
      form,
      error,
    );
  }

  function signOut(message?: string): void {
    token = null;
    storeToken(null);
    renderAll(message);
  }

  // ---------- upload ----------
  const fileInput = h('input', { type: 'file', class: 'visually-hidden', id: 'upload-input', attrs: { multiple: '', accept: ACCEPTED, tabindex: '-1' } });
  const pickButton = h('button', { type: 'button', class: 'button', id: 'upload-button', text: '选择文件…' });
  const dropzone = h(
    'div',
    { class: 'dropzone', attrs: { 'aria-describedby': 'dropzone-help' } },
    h('p', { class: 'dropzone-title', text: '把政策文件拖到这里上传' }),
    h('p', {}, '或 ', pickButton),
    h('p', { class: 'muted', id: 'dropzone-help', text: '支持 txt、md、html、docx、pdf（含文字层），单个文件不超过 50 MB，可一次选择多个文件。' }),
    fileInput,
  );
  const queue = h('ol', { class: 'upload-queue', attrs: { 'aria-live': 'polite', 'aria-label': '上传进度' } });
  const uploadBox = h(
    'section',
    { class: 'panel library-upload', attrs: { 'aria-labelledby': 'library-upload-title' } },
    h('h2', { id: 'library-upload-title', text: '上传文档' }),
    dropzone,
    queue,
  );

  let uploading: Promise<void> = Promise.resolve();

  function enqueue(files: readonly File[]): void {
    if (!token) return;
    for (const file of files) {
      const row = uploadRow(file);
      queue.prepend(row.element);
      const problem = precheckFile(file);
      if (problem) {
        row.fail(problem);
        continue;
      }
      uploading = uploading.then(() => (destroyed ? undefined : sendFile(file, row)));
    }
  }

  async function sendFile(file: File, row: UploadRow): Promise<void> {
    if (!token) {
      row.fail(`文件 ${file.name} 未上传：请先登录。`);
      return;
    }
    row.start();
    try {
      const handle = uploadFile(file, token, (fraction) => row.progress(fraction));
      row.onCancel(() => handle.abort());
      const report = await handle.done;
      if (report.status === 'added' || report.status === 'updated') await refreshDocuments(report.file);
      row.report(report);
    } catch (error) {
      row.fail(requestFailure(error, `文件 ${file.name} 上传失败`));
      if (error instanceof ApiError && error.code === 'unauthorized') signOut('管理令牌已失效，请重新登录后再上传。');
    }
  }

  interface UploadRow {
    element: HTMLLIElement;
    start(): void;
    progress(fraction: number): void;
    report(report: FileReport): void;
    fail(message: string): void;
    onCancel(cancel: () => void): void;
  }

  function uploadRow(file: File): UploadRow {
    const bar = h('progress', { class: 'upload-progress', attrs: { max: '100', value: '0', 'aria-label': `${file.name} 上传进度` } });
    const state = h('span', { class: 'upload-state', text: '等待上传' });
    const cancel = h('button', { type: 'button', class: 'link-button', text: '取消' });
    cancel.hidden = true;
    const details = h('div', { class: 'upload-details' });
    const element = h(
      'li',
      { class: 'upload-row', dataset: { file: file.name, status: 'queued' } },
      h('div', { class: 'upload-line' }, h('span', { class: 'upload-name', text: file.name }), h('span', { class: 'muted upload-size', text: formatBytes(file.size) }), state, cancel),
      bar,
      details,
    );
    return {
      element,
      start() {
        element.dataset.status = 'uploading';
        state.textContent = '正在上传 0%';
        cancel.hidden = false;
      },
      progress(fraction) {
        const percent = Math.round(fraction * 100);
        bar.value = percent;
        state.textContent = percent >= 100 ? '已上传，正在解析…' : `正在上传 ${percent}%`;
        if (percent >= 100) {
          element.dataset.status = 'processing';
          cancel.hidden = true;
        }
      },
      report(report) {
        cancel.hidden = true;
        bar.value = 100;
        element.dataset.status = report.status;
        state.textContent = STATUS_LABELS[report.status] ?? report.status;
        state.className = `upload-state state-${report.status}`;
        const warnings = (report.warnings ?? []).map((w) => (typeof w === 'string' ? w : w.message));
        replaceChildren(
          details,
          report.error
            ? h('p', { class: 'upload-error', attrs: { role: 'alert' } }, report.error.message.includes(report.file) ? report.error.message : `文件 ${report.file}：${report.error.message}`)
            : null,
          report.status !== 'failed'
            ? h('p', { class: 'upload-summary' }, `解析出 ${report.articles} 篇文章`, warnings.length ? `，${warnings.length} 条质量提示：` : '，没有质量问题。')
            : null,
          warnings.length ? h('ul', { class: 'upload-warnings' }, ...warnings.map((w) => h('li', { text: w }))) : null,
          report.status === 'added' || report.status === 'updated' || report.status === 'unchanged'
            ? h('p', { class: 'upload-links' }, ...documentLinks(report.file))
            : null,
        );
      },
      fail(message) {
        cancel.hidden = true;
        element.dataset.status = 'failed';
        state.textContent = '未导入';
        state.className = 'upload-state state-failed';
        bar.hidden = true;
        replaceChildren(details, h('p', { class: 'upload-error', attrs: { role: 'alert' }, text: message }));
      },
      onCancel(fn) {
        cancel.onclick = fn;
      },
    };
  }

  /** Links to the articles a file became (the report names the file, not the ids). */
  function documentLinks(file: string): HTMLElement[] {
    const articles = documents.filter((doc) => doc.file === file);
    if (articles.length === 0) return [h('span', { class: 'muted', text: '文档列表稍后更新。' })];
    return articles.flatMap((doc) => [
      h('a', { href: docHref(doc.id), class: 'uploaded-doc', dataset: { docId: doc.id } }, '打开《', typeset(doc.title || UNTITLED), '》'),
      h('span', { text: ' ' }),
    ]);
  }

  pickButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    enqueue([...(fileInput.files ?? [])]);
    fileInput.value = '';
  });
  for (const type of ['dragenter', 'dragover'] as const) {
    dropzone.addEventListener(type, (event) => {
      event.preventDefault();
      dropzone.classList.add('dragging');
    });
  }
  dropzone.addEventListener('dragleave', (event) => {
    if (!dropzone.contains(event.relatedTarget as Node | null)) dropzone.classList.remove('dragging');
  });
  dropzone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropzone.classList.remove('dragging');
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) enqueue(files);
  });
  // A file dropped next to the zone must not navigate away from the page.
  const preventNavigation = (event: DragEvent) => {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
  };
  window.addEventListener('dragover', preventNavigation);
  window.addEventListener('drop', preventNavigation);

  // ---------- documents ----------
  const filterInput = h('input', {
    type: 'search',
    class: 'library-filter',
    attrs: { placeholder: '按标题、发文字号、发文机关或文件名筛选', 'aria-label': '筛选文档' },
  });
  filterInput.value = filter;
  const count = h('p', { class: 'muted library-count', attrs: { 'aria-live': 'polite' } });
  const notice = h('div', { class: 'library-notice', attrs: { 'aria-live': 'polite' } });
  const listBox = h('div', { class: 'library-list' });
  const listSection = h(
    'section',
    { class: 'panel library-docs', attrs: { 'aria-labelledby': 'library-docs-title' } },
    h('h2', { id: 'library-docs-title', text: '已收录文档' }),
    h('div', { class: 'library-tools' }, filterInput, count),
    notice,
    listBox,
  );

  let filterTimer: ReturnType<typeof setTimeout> | undefined;
  filterInput.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      filter = filterInput.value;
      replaceHash(libraryHref(filter));
      renderList();
    }, FILTER_DEBOUNCE);
  });

  async function refreshDocuments(highlightFile?: string): Promise<void> {
    try {
      invalidateDocumentIndex();
      documents = [...(await fetchDocumentIndex()).values()];
      renderList(highlightFile);
    } catch (error) {
      replaceChildren(listBox, statusBox('error', `文档列表加载失败：${errorMessage(error)}`, '请刷新页面重试。'));
    }
  }

  function matches(doc: DocumentSummary, needle: string): boolean {
    if (!needle) return true;
    const haystack = [doc.title, doc.docNumber, doc.file, doc.date, ...(doc.issuers ?? []), kindLabel(doc.kind)].filter(Boolean).join(' ').toLowerCase();
    return needle
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .every((word) => haystack.includes(word));
  }

  function renderList(highlightFile?: string): void {
    const shown = documents
      .filter((doc) => matches(doc, filter.trim()))
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || (a.title ?? '').localeCompare(b.title ?? '', 'zh-CN'));
    count.textContent = filter.trim() ? `共 ${documents.length} 篇，筛选出 ${shown.length} 篇` : `共 ${documents.length} 篇`;
    if (documents.length === 0) {
      replaceChildren(listBox, statusBox('empty', '还没有收录任何文档', token ? '把文件拖到上方区域即可上传。' : '登录后即可上传文档。'));
      return;
    }
    if (shown.length === 0) {
      replaceChildren(listBox, statusBox('empty', `没有与“${filter.trim()}”匹配的文档`, '换个关键词，或清空筛选框。'));
      return;
    }
    const table = h(
      'table',
      { class: 'doc-table' },
      h(
        'thead',
        {},
        h('tr', {}, ...['标题', '类型', '发文字号', '日期', '文件', '条款 / 实体', token ? '操作' : null].filter(Boolean).map((label) => h('th', { attrs: { scope: 'col' }, text: label as string }))),
      ),
      h('tbody', {}, ...shown.map((doc) => documentRow(doc, doc.file === highlightFile))),
    );
    replaceChildren(listBox, table);
  }

  function documentRow(doc: DocumentSummary, fresh: boolean): HTMLTableRowElement {
    const title = doc.title || `${UNTITLED}`;
    const actions = h('td', { class: 'doc-actions', dataset: { label: '操作' } });
    const showDelete = () => {
      replaceChildren(
        actions,
        h('button', {
          type: 'button',
          class: 'button subtle danger',
          text: '删除',
          title: `删除《${title}》`,
          attrs: { 'aria-label': `删除《${title}》` },
          on: { click: confirmDelete },
        }),
      );
    };
    const confirmDelete = () => {
      const yes = h('button', { type: 'button', class: 'button danger', text: '确认删除' });
      const no = h('button', { type: 'button', class: 'button subtle', text: '取消', on: { click: showDelete } });
      yes.addEventListener('click', async () => {
        if (!token) return;
        yes.disabled = true;
        no.disabled = true;
        yes.textContent = '正在删除…';
        try {
          await deleteDocument(doc.id, token);
          replaceChildren(notice, statusBox('success', `已删除《${title}》（${doc.file}）`, '它已从检索与关系图中移除。'));
          await refreshDocuments();
        } catch (error) {
          replaceChildren(notice, statusBox('error', requestFailure(error, `删除《${title}》（${doc.file}）失败`)));
          if (error instanceof ApiError && error.code === 'unauthorized') signOut('管理令牌已失效，请重新登录后再删除。');
          else showDelete();
        }
      });
      replaceChildren(actions, h('span', { class: 'confirm-text', text: '删除后不可恢复：' }), yes, no);
      yes.focus();
    };
    if (token) showDelete();
    return h(
      'tr',
      { class: `doc-row${fresh ? ' fresh' : ''}`, dataset: { docId: doc.id, file: doc.file } },
      h('td', { class: 'doc-cell-title', dataset: { label: '标题' } }, h('a', { href: docHref(doc.id) }, typeset(title))),
      h('td', { dataset: { label: '类型' }, text: kindLabel(doc.kind) }),
      h('td', { dataset: { label: '发文字号' } }, typeset(doc.docNumber ?? '—')),
      h('td', { dataset: { label: '日期' } }, typeset(doc.date ?? '—')),
      h('td', { class: 'doc-file', dataset: { label: '文件' }, text: doc.file }),
      h('td', { dataset: { label: '条款 / 实体' }, text: `${doc.clauseCount ?? '—'} / ${doc.entityCount ?? '—'}` }),
      token ? actions : null,
    );
  }

  // ---------- dictionary (only when the server offers it) ----------
  const dictionaryBox = h('section', { class: 'panel library-dictionary', attrs: { 'aria-labelledby': 'library-dictionary-title' } });
  dictionaryBox.hidden = true;
  let dictionaryWords: DictionaryWord[] = [];
  let dictionaryAvailable = false;
  const wordsInput = h('textarea', {
    id: 'dictionary-words',
    class: 'dictionary-input',
    attrs: { rows: '4', placeholder: '每行一个词，例如\n产教联合体\n市域产教联合体', spellcheck: 'false' },
  });
  const tagSelect = h(
    'select',
    { class: 'depth-select', attrs: { 'aria-label': '词性' } },
    ...DICTIONARY_TAGS.map(([tag, label]) => h('option', { attrs: { value: tag }, text: label })),
  );
  const dictionaryMessage = h('p', { class: 'dictionary-message', attrs: { 'aria-live': 'polite' } });
  const dictionaryList = h('div', { class: 'dictionary-list' });

  async function loadDictionary(): Promise<void> {
    const paths = await fetchApiPaths();
    if (destroyed || !paths.has('/api/dictionary')) return;
    dictionaryAvailable = true;
    renderDictionary();
    try {
      dictionaryWords = (await fetchDictionary()).words;
      renderDictionaryWords();
    } catch (error) {
      replaceChildren(dictionaryList, statusBox('error', `词典加载失败：${errorMessage(error)}`));
    }
  }

  function renderDictionary(): void {
    dictionaryBox.hidden = !dictionaryAvailable;
    if (!dictionaryAvailable) return;
    const form = h('form', { class: 'dictionary-form' });
    form.append(
      h('label', { attrs: { for: 'dictionary-words' }, class: 'visually-hidden', text: '要添加的词' }),
      wordsInput,
      h('div', { class: 'dictionary-actions' }, h('label', { class: 'muted', text: '词性 ' }, tagSelect), h('button', { type: 'submit', class: 'button', text: '添加到词典' })),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void submitWords();
    });
    replaceChildren(
      dictionaryBox,
      h('h2', { id: 'library-dictionary-title', text: '领域词典' }),
      h('p', { class: 'muted', text: '把分词器不认识的专有名词（项目、机构、地名）加入词典，检索和实体抽取会把它当作一个词。新词只作用于之后导入的文档；已收录的文档需重新上传才会按新词切分。' }),
      token ? form : h('p', { class: 'muted', text: '登录后可以添加新词。' }),
      dictionaryMessage,
      dictionaryList,
    );
    renderDictionaryWords();
  }

  function renderDictionaryWords(): void {
    if (dictionaryWords.length === 0) {
      replaceChildren(dictionaryList, h('p', { class: 'muted', text: '词典中还没有管理员添加的词。' }));
      return;
    }
    replaceChildren(
      dictionaryList,
      h('p', { class: 'muted', text: `已添加 ${dictionaryWords.length} 个词：` }),
      h('ul', { class: 'dictionary-words' }, ...dictionaryWords.map((w) => h('li', { class: 'chip dictionary-word', title: `词性 ${w.tag} · 词频 ${w.frequency}`, text: w.word }))),
    );
  }

  async function submitWords(): Promise<void> {
    if (!token) return;
    const words = [...new Set(wordsInput.value.split(/[\n,，、;；]+/).map((w) => w.trim()).filter(Boolean))];
    if (words.length === 0) {
      dictionaryMessage.className = 'dictionary-message form-error';
      dictionaryMessage.textContent = '请输入至少一个词，每行一个。';
      return;
    }
    const bad = words.filter((w) => /\s/.test(w) || w.length > MAX_DICTIONARY_WORD);
    if (bad.length) {
      dictionaryMessage.className = 'dictionary-message form-error';
      dictionaryMessage.textContent = `这些词不能添加：${bad.join('、')}（词中不能有空格，且不超过 ${MAX_DICTIONARY_WORD} 个字）。`;
      return;
    }
    dictionaryMessage.className = 'dictionary-message muted';
    dictionaryMessage.textContent = '正在添加…';
    try {
      const result = await addDictionaryWords(words.map((word) => ({ word, tag: tagSelect.value })), token);
      // the list first, so that the message is shown with the words it speaks of
      dictionaryWords = (await fetchDictionary()).words;
      renderDictionaryWords();
      wordsInput.value = '';
      dictionaryMessage.className = 'dictionary-message ok';
      dictionaryMessage.textContent =
        result.added === words.length
          ? `已添加 ${result.added} 个词，词典共 ${result.total} 个词。`
          : `已添加 ${result.added} 个新词（${words.length - result.added} 个已在词典中），词典共 ${result.total} 个词。`;
    } catch (error) {
      dictionaryMessage.className = 'dictionary-message form-error';
      dictionaryMessage.textContent = requestFailure(error, '添加词典失败');
      if (error instanceof ApiError && error.code === 'unauthorized') signOut('管理令牌已失效，请重新登录。');
    }
  }

  void loadDictionary();

  // ---------- page ----------
  const view = h(
    'section',
    { class: 'view library-view' },
    h('header', { class: 'library-header' }, h('h1', { text: '文档库' }), h('p', { class: 'muted', text: '管理员在此上传、检查和删除政策文件；上传后立即可以检索。' })),
    authBox,
    uploadBox,
    listSection,
    dictionaryBox,
  );
  replaceChildren(root, view);
  document.title = '文档库 · 政策知识图谱';

  function renderAll(message?: string): void {
    renderAuth(message);
    uploadBox.hidden = !token;
    renderDictionary();
    renderList();
  }

  renderAll();
  replaceChildren(listBox, statusBox('loading', '正在加载文档列表…'));
  void refreshDocuments();

  return {
    update(next) {
      if (next.q === filter) return;
      filter = next.q;
      filterInput.value = filter;
      renderList();
    },
    destroy() {
      destroyed = true;
      clearTimeout(filterTimer);
      window.removeEventListener('dragover', preventNavigation);
      window.removeEventListener('drop', preventNavigation);
      document.title = '政策知识图谱';
    },
  };
}
