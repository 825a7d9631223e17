/**
 * The pages' only style sheet and script, inlined into every page and allowed by their hashes in
 * the Content-Security-Policy: no external asset, no build step.
 */
export const STYLE = `
:root{--ink:#1b1f24;--muted:#4a5360;--line:#d5dbe3;--bg:#f6f7f9;--card:#fff;--accent:#0b5cad;--accent-ink:#fff;--ok:#1d6b35;--warn:#8a5300;--bad:#a4161a;--focus:#ffbf47}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans JP","Noto Sans Thai",sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;box-shadow:0 0 0 5px var(--ink)}
.skip{position:absolute;left:-999px;top:0;background:var(--card);padding:.5rem 1rem;z-index:2}
.skip:focus{left:.5rem}
header.site{background:#0d2b4e;color:#fff}
header.site .bar{max-width:72rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between}
header.site a{color:#fff;text-decoration:none}
header.site a:hover{text-decoration:underline}
.brand{font-weight:700;font-size:1.1rem}
nav.site ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
main{max-width:72rem;margin:0 auto;padding:1rem}
footer.site{max-width:72rem;margin:2rem auto 0;padding:1rem;color:var(--muted);font-size:.875rem;border-top:1px solid var(--line)}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.lead{color:var(--muted);margin-top:-.5rem}
form.search{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem;display:grid;gap:.75rem;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr))}
form.search .q{grid-column:1/-1;display:flex;gap:.5rem;flex-wrap:wrap}
form.search .q input{flex:1 1 14rem}
label{display:block;font-weight:600;font-size:.9rem;margin-bottom:.25rem}
input,select,textarea,button{font:inherit;color:var(--ink)}
input[type=search],input[type=password],select,textarea{width:100%;padding:.5rem .6rem;border:1px solid #6b7685;border-radius:.375rem;background:#fff;min-height:2.75rem}
textarea{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875rem;min-height:18rem}
button{min-height:2.75rem;padding:.5rem 1.1rem;border-radius:.375rem;border:1px solid var(--accent);background:var(--accent);color:var(--accent-ink);font-weight:600;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
.q label{flex-basis:100%;margin:0}
.count{margin:1rem 0 .5rem;color:var(--muted)}
ol.results{list-style:none;padding:0;margin:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;overflow:hidden;display:flex;flex-direction:column;height:100%}
.card img,.hero img{display:block;width:100%;height:auto;aspect-ratio:4/3;object-fit:cover;background:#e4e8ee}
.hero img{border-radius:.5rem}
.card .body{padding:.75rem;display:flex;flex-direction:column;gap:.25rem}
.card h2{font-size:1.05rem;margin:0}
.meta{color:var(--muted);font-size:.9rem}
.price{font-weight:700;font-size:1.05rem}
.stars{color:#7a4b00;letter-spacing:.05em}
.fallback{font-size:.75rem;color:var(--muted);border:1px solid var(--line);border-radius:1rem;padding:0 .4rem;margin-left:.3rem;white-space:nowrap;font-weight:400}
.pager{display:flex;gap:1rem;justify-content:center;margin:1.5rem 0}
.product{display:grid;gap:1.5rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:48rem){.product{grid-template-columns:minmax(0,5fr) minmax(0,7fr)}}
.panel{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem}
.panel h2{margin-top:0}
.price-panel .price{font-size:1.5rem;margin:.25rem 0}
caption{text-align:left;padding:.25rem .5rem}
.story{font-size:1.05rem}
dl.facts{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.35rem 1rem;margin:0}
dl.facts dt{font-weight:600;color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
ul.plain{padding-left:1.1rem;margin:.25rem 0}
.rate{font-size:.85rem;color:var(--muted)}
form.pick{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
form.pick div{flex:1 1 12rem}
table{width:100%;border-collapse:collapse;background:var(--card)}
th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid var(--line)}
th{font-size:.9rem;color:var(--muted)}
td{overflow-wrap:anywhere}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-weight:700;font-size:.85rem;border:1px solid currentColor;white-space:nowrap}
.s-PASS,.s-READY{color:var(--ok)}
.s-WARN,.s-GAPS{color:var(--warn)}
.s-MISSING,.s-EXPIRED,.s-BLOCKED{color:var(--bad)}
.s-NOT_APPLICABLE{color:var(--muted)}
.overall{font-size:1.15rem}
.notice{border-left:4px solid var(--bad);background:#fff;padding:.75rem 1rem;margin:1rem 0}
.notice.ok{border-color:var(--ok)}
.counts{display:flex;gap:1rem;flex-wrap:wrap;margin:.5rem 0 1rem}
.counts div{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.5rem 1rem;min-width:7rem}
.counts strong{display:block;font-size:1.5rem}
.hint{color:var(--muted);font-size:.875rem;margin:.25rem 0 0}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1rem}
.field{margin-top:1rem}
@media (max-width:40rem){
 table.checks thead{display:none}
 table.checks tr{display:block;border-bottom:1px solid var(--line);padding:.5rem 0}
 table.checks td{display:block;border:0;padding:.15rem .5rem}
 table.checks td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:var(--muted)}
}
`.trim();

/**
 * Progressive enhancement only: a filter or destination picked from a list applies at once.
 * Without JavaScript the forms' own buttons do the same.
 */
export const SCRIPT = `document.querySelectorAll('form[data-autosubmit] select').forEach(function(s){s.addEventListener('change',function(){s.form.requestSubmit();});});`;
