// The book's page helpers: a visible cue on tables that scroll sideways, and search-result snippets that
// show mathematics as readable text instead of raw TeX.
"use strict";

(() => {
  /** Wrap a scrolling box in a frame whose classes say whether it scrolls and where content is hidden. */
  function frameScrollBox(box) {
    const frame = document.createElement("div");
    frame.className = "d2l-scroll-frame";
    const hint = document.createElement("p");
    hint.className = "d2l-scroll-hint";
    hint.textContent = "Scroll sideways for more columns \u2194";
    box.parentNode.insertBefore(frame, box);
    frame.append(hint, box);
    const update = () => {
      const hidden = box.scrollWidth - box.clientWidth;
      frame.classList.toggle("d2l-scrolls", hidden > 1);
      frame.classList.toggle("d2l-more-left", box.scrollLeft > 1);
      frame.classList.toggle("d2l-more-right", box.scrollLeft < hidden - 1);
    };
    box.addEventListener("scroll", update, { passive: true });
    new ResizeObserver(update).observe(box);
    update();
  }

  // ---- TeX to plain text, for search snippets (no MathJax runs there, and snippets are cut mid-text) ----

  const SYMBOLS = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ϵ", varepsilon: "ε", zeta: "ζ", eta: "η",
    theta: "θ", iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π", rho: "ρ",
    sigma: "σ", tau: "τ", upsilon: "υ", phi: "ϕ", varphi: "φ", chi: "χ", psi: "ψ", omega: "ω",
    Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Xi: "Ξ", Pi: "Π", Sigma: "Σ", Phi: "Φ", Psi: "Ψ",
    Omega: "Ω", le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠", neq: "≠", approx: "≈", sim: "∼",
    ll: "≪", gg: "≫", in: "∈", to: "→", rightarrow: "→", longrightarrow: "⟶", leftarrow: "←",
    infty: "∞", sum: "Σ", prod: "∏", int: "∫", nabla: "∇", partial: "∂", top: "⊤", odot: "⊙",
    pm: "±", times: "×", cdot: "·", ldots: "…", dots: "…", cdots: "⋯", ell: "ℓ", propto: "∝",
    lceil: "⌈", rceil: "⌉", lfloor: "⌊", rfloor: "⌋", mid: "|", bmod: "mod", quad: " ", qquad: "  ",
  };
  const BOLD_MACROS = { vx: "x", vg: "g", vv: "v", vs: "s", vm: "m", vz: "z", vw: "w", va: "a" };
  const SUPERSCRIPTS = Object.fromEntries(
    [..."0123456789+-=()nitT"].map((c, i) => [c, "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗᵀ"[i]]).concat([["−", "⁻"], ["⊤", "ᵀ"]])
  );
  const SUBSCRIPTS = Object.fromEntries(
    [..."0123456789+-=()aehijklmnoprstuvx"].map((c, i) => [c, "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"[i]])
      .concat([["−", "₋"]])
  );
  const ACCENTS = { hat: "\u0302", bar: "\u0304", overline: "\u0304", tilde: "\u0303" };

  /** Mathematical bold letters and digits (U+1D400 ff.), as MathJax shows \mathbf. */
  function bold(text) {
    return [...text].map((c) => {
      if (c >= "A" && c <= "Z") return String.fromCodePoint(0x1d400 + c.charCodeAt(0) - 65);
      if (c >= "a" && c <= "z") return String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97);
      if (c >= "0" && c <= "9") return String.fromCodePoint(0x1d7ce + c.charCodeAt(0) - 48);
      return c;
    }).join("");
  }

  /** The content of the group that starts at tex[i] ("{...}" or one character or command), and its end. */
  function group(tex, i) {
    while (tex[i] === " ") i += 1;
    if (tex[i] === "{") {
      let depth = 0;
      for (let j = i; j < tex.length; j += 1) {
        if (tex[j] === "{") depth += 1;
        if (tex[j] === "}" && --depth === 0) return [tex.slice(i + 1, j), j + 1];
      }
      return [tex.slice(i + 1), tex.length];
    }
    const command = /^\\[a-zA-Z]+/.exec(tex.slice(i));
    if (command) return [command[0], i + command[0].length];
    return [tex[i] || "", i + 1];
  }

  /** A script (super or sub) in small characters when every character has one, else with a caret. */
  function script(text, table, mark) {
    const chars = [...text.replace(/\s+/g, "")];
    if (chars.length && chars.every((c) => c in table)) return chars.map((c) => table[c]).join("");
    return chars.length === 1 ? mark + text : `${mark}(${text})`;
  }

  const needsParens = (s) => [...s].length > 1 && /[^\p{L}\p{N}.]/u.test(s);

  /** Readable text for a TeX formula: Greek letters and symbols, bold, fractions, roots and scripts. */
  function texToText(tex) {
    let out = "";
    let i = 0;
    while (i < tex.length) {
      const c = tex[i];
      if (c === "\\") {
        const name = (/^\\([a-zA-Z]+|.)/.exec(tex.slice(i)) || ["", ""])[1];
        i += 1 + name.length;
        if (name === "frac") {
          const [num, j] = group(tex, i);
          const [den, k] = group(tex, j);
          const [a, b] = [texToText(num), texToText(den)];
          out += `${needsParens(a) ? `(${a})` : a}/${needsParens(b) ? `(${b})` : b}`;
          i = k;
        } else if (name === "sqrt") {
          const [arg, j] = group(tex, i);
          const a = texToText(arg);
          out += needsParens(a) ? `√(${a})` : `√${a}`;
          i = j;
        } else if (["mathbf", "boldsymbol", "bm"].includes(name)) {
          const [arg, j] = group(tex, i);
          out += bold(texToText(arg));
          i = j;
        } else if (name === "mathbb") {
          const [arg, j] = group(tex, i);
          out += { R: "ℝ", N: "ℕ", Z: "ℤ", E: "𝔼" }[arg] || arg;
          i = j;
        } else if (name in ACCENTS) {
          const [arg, j] = group(tex, i);
          const a = texToText(arg);
          out += [...a].length === 1 ? a + ACCENTS[name] : `${name}(${a})`;
          i = j;
        } else if (["text", "mathrm", "operatorname", "mathcal", "mathit", "textrm", "mathdefault"].includes(name)) {
          const [arg, j] = group(tex, i);
          out += name === "text" || name === "textrm" ? arg : texToText(arg);
          i = j;
        } else if (name === "begin" || name === "end") {
          i = group(tex, i)[1];
          out += name === "end" ? " " : "";
        } else if (name in BOLD_MACROS) {
          out += bold(BOLD_MACROS[name]);
        } else if (name in SYMBOLS) {
          out += SYMBOLS[name];
        } else if (name === "\\") {
          out += "; ";
        } else if (name === "{" || name === "}" || name === "|" || name === "%" || name === "_") {
          out += name === "|" ? "‖" : name;
        } else if (/^[a-zA-Z]+$/.test(name) && !/^(left|right|big|Big|bigl|bigr|Bigl|Bigr|displaystyle|limits)$/.test(name)) {
          out += name; // \max, \log, \exp, \det, ... read as their names
        }
        // spacing commands (\, \; \! \quad handled above) and sizing commands print nothing
      } else if (c === "^" || c === "_") {
        const [arg, j] = group(tex, i + 1);
        out += script(texToText(arg), c === "^" ? SUPERSCRIPTS : SUBSCRIPTS, c);
        i = j;
      } else if (c === "{" || c === "}" || c === "&") {
        i += 1;
      } else if (c === "-") {
        out += "−";
        i += 1;
      } else {
        out += c;
        i += 1;
      }
    }
    return out.replace(/\s+/g, " ").trim();
  }

  /** Sphinx's search snippets come from the page's raw HTML: show each formula as readable text there. */
  function readableSearchSnippets() {
    if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
    const original = Search.htmlToText;
    Search.htmlToText = (htmlString, anchor) => {
      const doc = new DOMParser().parseFromString(htmlString, "text/html");
      doc.querySelectorAll(".math .eqno").forEach((el) => el.remove());
      doc.querySelectorAll(".math").forEach((el) => {
        const tex = el.textContent.trim().replace(/^\\[([]|\\[)\]]$/g, "");
        el.replaceWith(doc.createTextNode(` ${texToText(tex)} `));
      });
      return original(doc.documentElement.outerHTML, anchor);
    };
  }

  window.d2lTexToText = texToText;

  /** Mark inline formulas wider than their column, so that CSS lets them scroll (see book.css). */
  function markWideMath() {
    document.querySelectorAll(".bd-article span.math").forEach((span) => {
      const drawn = span.querySelector("mjx-math");
      const column = span.parentElement && span.parentElement.closest("p, li, td, th, dd, dt, figcaption, div");
      if (!drawn || !column) return;
      span.classList.toggle("d2l-wide-math", drawn.getBoundingClientRect().width > column.clientWidth);
    });
  }

  function init() {
    readableSearchSnippets(); // searchtools.js is loaded after this file
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise.then(markWideMath);
      window.addEventListener("resize", markWideMath, { passive: true });
    }
    document.querySelectorAll(".bd-article .pst-scrollable-table-container").forEach(frameScrollBox);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
