/** The quiz page's own stylesheet; KaTeX's is added when the page is built, the check view brings its own. */
export const PAGE_CSS = `
:root{--accent:#0969da;--line:#d0d7de;--soft:#f6f8fa;--muted:#57606a;--invalid:#8250df}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fff}
main{max-width:880px;margin:0 auto;padding:24px}
h1{font-size:1.6rem;margin:0 0 4px}
h2{font-size:1.15rem;margin:0 0 8px;display:flex;justify-content:space-between;gap:12px}
.points{color:var(--muted);font-weight:400;white-space:nowrap;font-size:.95rem}
.mode{color:var(--muted);margin:0 0 16px}
fieldset{border:1px solid var(--line);border-radius:8px;margin:0;padding:12px 16px}
legend{font-weight:600;padding:0 4px}
.student{display:grid;grid-template-columns:max-content 1fr;gap:8px 12px;align-items:center;margin-bottom:24px}
.student legend{grid-column:1/-1}
section.question{border-top:1px solid var(--line);padding:20px 0}
.prompt{margin:0 0 12px}.prompt p{margin:.4em 0}.display-math{text-align:center;margin:.6em 0}
.part{margin:14px 0;border:0;padding:0}
.part>label,.part>legend{display:block;font-weight:600;margin-bottom:4px;padding:0}
input[type=text],textarea{width:100%;font:15px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:6px 8px;border:1px solid #8c959f;border-radius:6px;background:#fff}
textarea{min-height:5.5em;resize:vertical}
textarea.prose{font-family:inherit}
input:focus-visible,textarea:focus-visible,button:focus-visible,.option input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.option{display:flex;gap:8px;align-items:baseline;padding:3px 0;font-weight:400}
.format{display:block;color:var(--muted);font-size:.9rem;margin:-2px 0 4px}
output.preview{display:block;min-height:1.4em;margin-top:4px;font-size:.95rem;color:var(--muted)}
output.preview>div{margin:2px 0}
output.preview code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:1px 4px;border-radius:4px;word-break:break-word}
output.preview .math{margin-left:12px;font-size:1.1em;color:#1f2328}
output.preview .invalid{color:var(--invalid)}
.actions{position:sticky;bottom:0;background:#fff;border-top:1px solid var(--line);padding:12px 0;display:flex;gap:12px;align-items:center;flex-wrap:wrap}
button{font:inherit;font-weight:600;padding:8px 16px;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
#status{color:var(--muted)}
#results{display:block;margin-top:16px}
`;
