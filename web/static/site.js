/* Progressive enhancement only: every page works the same without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Finish picker: show the chosen variant's price, stock and SKU without a reload.
  function enhanceFinishPicker(form) {
    var block = document.querySelector("[data-price-block]");
    if (!block) return;
    form.addEventListener("change", function (event) {
      var choice = event.target;
      if (choice.name !== "finish") return;
      var data = choice.dataset;
      var url = new URL(window.location.href);
      url.searchParams.set("finish", choice.value);
      var gallery = document.querySelector("[data-gallery]");
      var photos = document.querySelector("template[data-gallery-for='" + choice.value + "']");
      if (gallery && photos) gallery.replaceChildren(photos.content.cloneNode(true));
      var inStock = data.inStock === "true";
      function shown(name) { return block.querySelector("[data-show='" + name + "']"); }
      var stock = shown("stock");
      shown("price").textContent = data.price;
      shown("compare-amount").textContent = data.compare;
      shown("compare").hidden = !data.compare;
      shown("finish").textContent = data.name;
      shown("sku").textContent = data.sku;
      stock.textContent = inStock ? "In stock" : "Out of stock";
      stock.className = inStock ? "in-stock" : "out-of-stock";
      window.history.replaceState(null, "", url);
    });
  }

  // Search as you type: fill the box's <datalist> with completions from the suggest API.
  function enhanceSuggestions(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var cache = {};
    var timer = null;
    function show(words) {
      list.replaceChildren.apply(list, words.map(function (word) {
        var option = document.createElement("option");
        option.value = word;
        return option;
      }));
    }
    function suggest() {
      var typed = input.value;
      if (typed.trim().length < 2) return show([]);
      if (cache[typed]) return show(cache[typed]);
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(typed), {
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (body) {
          cache[typed] = body.items;
          if (input.value === typed) show(body.items);
        })
        .catch(function () { /* suggestions are optional; searching still works */ });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, 150);
    });
  }

  // Empty choices ("any price", an empty box) would only clutter a bookmarkable address.
  function tidyQuery(form) {
    form.addEventListener("submit", function (event) {
      var query = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (value !== "") query.append(name, value);
      });
      event.preventDefault();
      var address = form.action.split("?")[0];
      window.location.assign(query.toString() ? address + "?" + query : address);
    });
  }

  // Comparing: with JavaScript the chosen faucets stay in localStorage and follow the shopper to
  // every page; without it each page's address carries them (compare=a,b) and links add to it.
  var COMPARE_KEY = "compare-selection";
  function storedSelection() {
    try {
      var items = JSON.parse(window.localStorage.getItem(COMPARE_KEY));
      return Array.isArray(items) ? items : [];
    } catch (error) {
      return [];
    }
  }
  function storeSelection(items) {
    try {
      window.localStorage.setItem(COMPARE_KEY, JSON.stringify(items));
    } catch (error) { /* storage refused (private browsing): the tray still works here */ }
  }

  function enhanceCompare(tray) {
    var most = Number(tray.dataset.most);
    var stored = storedSelection();
    // A selection carried in an address made without JavaScript counts when none is stored.
    var items = stored.length ? stored : JSON.parse(tray.dataset.selection);
    function has(slug) {
      return items.some(function (item) { return item.slug === slug; });
    }
    function element(tag, className, text) {
      var made = document.createElement(tag);
      if (className) made.className = className;
      if (text) made.textContent = text;
      return made;
    }
    function toggle(item, focusAfter) {
      items = has(item.slug)
        ? items.filter(function (each) { return each.slug !== item.slug; })
        : items.concat([item]);
      render();
      focusAfter();
    }
    function renderControl(control) {
      var item = { slug: control.dataset.slug, name: control.dataset.name };
      var chosen = has(item.slug);
      var full = !chosen && items.length >= most;
      var button = element("button", chosen ? "button" : "button secondary",
        chosen ? "Remove from compare" : full ? "Compare holds " + most + " faucets" : "Add to compare");
      button.type = "button";
      button.disabled = full;
      button.appendChild(element("span", "visually-hidden", ": " + item.name));
      button.addEventListener("click", function () {
        toggle(item, function () { control.querySelector("button").focus(); });
      });
      control.replaceChildren(button);
    }
    function render() {
      storeSelection(items);
      tray.hidden = !items.length;
      var list = element("ul", "compare-tray-items");
      items.forEach(function (item) {
        var entry = element("li", "", item.name + " ");
        var remove = element("button", "", "×");
        remove.type = "button";
        remove.setAttribute("aria-label", "Remove " + item.name + " from compare");
        remove.addEventListener("click", function () {
          toggle(item, function () { if (!tray.hidden) tray.querySelector("a").focus(); });
        });
        entry.appendChild(remove);
        list.appendChild(entry);
      });
      var go = element("a", "button",
        "Compare " + items.length + (items.length === 1 ? " faucet" : " faucets"));
      go.href = tray.dataset.comparePageUrl + "?products=" +
        items.map(function (item) { return item.slug; }).join(",");
      tray.replaceChildren(
        element("p", "compare-tray-title", "Compare (" + items.length + " of " + most + "):"),
        list,
        go
      );
      document.querySelectorAll("[data-compare-control]").forEach(renderControl);
    }
    render();
  }

  document.querySelectorAll("form[method='get']").forEach(tidyQuery);
  document.querySelectorAll("[data-finish-picker]").forEach(enhanceFinishPicker);
  document.querySelectorAll("input[data-suggest]").forEach(enhanceSuggestions);
  // The comparison page's faucets are the selection now (a faucet removed there is gone).
  document.querySelectorAll("[data-compare-page]").forEach(function (page) {
    storeSelection(JSON.parse(page.dataset.selection));
  });
  document.querySelectorAll("[data-compare-tray]").forEach(enhanceCompare);
  // On a phone the filters start folded, so the results come first.
  if (window.matchMedia("(max-width: 48rem)").matches) {
    document.querySelectorAll("details[data-collapse-on-small]").forEach(function (details) {
      details.open = false;
    });
  }
})();
