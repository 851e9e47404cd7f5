/* Live Code: the page's own code cells run on a Binder kernel through thebe 0.9 (ipywidgets 8).
 *
 * The theme's "Live Code" button calls initThebe(). Nothing is fetched from outside the site before
 * that click; then thebe and its stylesheet come from the CDN in window.liveCodeConfig (written by
 * _ext/live_code.py) and Binder builds the repository named there.
 */
(() => {
  "use strict";
  const config = window.liveCodeConfig;
  let started = null;

  /* The status line: the button the theme puts under the page title. */
  const say = (text) => {
    document.querySelectorAll(".thebe-launch-button").forEach((button) => {
      button.textContent = text;
    });
  };

  const load = (tag, attributes) =>
    new Promise((resolve, reject) => {
      const element = document.createElement(tag);
      Object.assign(element, attributes);
      element.onload = resolve;
      element.onerror = () => reject(new Error(`could not load ${attributes.src || attributes.href}`));
      document.head.appendChild(element);
    });

  /* Mark each cell's code as executable and give every cell one output area, in page order:
   * thebe 0.9 pairs the i-th code block with the i-th output area. */
  const prepareCells = () => {
    document.querySelectorAll("div.cell").forEach((cell) => {
      const source = cell.querySelector(".cell_input pre");
      if (!source) return;
      source.setAttribute("data-executable", "true");
      source.setAttribute("data-language", "python");
      let output = cell.querySelector(".cell_output");
      if (!output) {
        output = document.createElement("div");
        output.className = "cell_output docutils container";
        cell.appendChild(output);
      }
      output.setAttribute("data-output", "");
      cell.querySelectorAll("button.copybtn").forEach((button) => button.remove());
    });
  };

  /* The kernel starts in the page's folder, as Jupyter would start the notebook. */
  const kernelPath = () => {
    const page = DOCUMENTATION_OPTIONS.pagename.split("/").slice(0, -1).join("/");
    return [config.bookPath, page].filter((part) => part && part !== ".").join("/") || ".";
  };

  const start = async () => {
    say("Loading Live Code…");
    await Promise.all([
      load("link", { rel: "stylesheet", href: `${config.thebe}thebe.css` }),
      load("script", { src: `${config.thebe}index.js` }),
    ]);
    prepareCells();
    let ready = false;
    // Binder's and the server's steps while the kernel starts; after that the buttons speak for themselves.
    window.thebe.on("status", (event, data) => {
      if (!ready && data && data.status) say(`Live Code: ${data.status}…`);
    });
    say("Starting a kernel on Binder (the first launch after a change can take minutes)…");
    await window.thebe.bootstrap({
      requestKernel: true,
      useBinder: true,
      mountStatusWidget: false,
      mountActivateWidget: false,
      selector: "[data-executable]",
      outputSelector: "[data-output]",
      // No MathJax 2 from a CDN: the page has MathJax 3, and no output of the book needs LaTeX.
      mathjaxUrl: "",
      binderOptions: config.binder,
      kernelOptions: { name: config.kernelName, path: kernelPath() },
      codeMirrorConfig: { mode: "python", theme: "default" },
    });
    ready = true;
    say("Live Code is ready: edit a cell and press Shift+Enter or “run”, or “run all”.");
    document.documentElement.classList.add("live-code-ready");
  };

  window.initThebe = () => {
    if (!started) {
      started = start().catch((error) => {
        say(`Live Code could not start: ${error.message || error}`);
        throw error;
      });
    }
    return started;
  };
})();
