/* Progressive enhancement only: every page works the same without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // A new element with a class and text, for the lists and trays built below.
  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }

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

  // Search as you type: under the box, words completing what was typed and the products and
  // articles the best completion finds, from one request (the ARIA 1.2 combobox pattern:
  // arrow keys move through the list, Enter follows, Escape closes, a status line counts).
  function enhanceSuggestions(input) {
    var form = input.form;
    var listbox = element("div", "suggestions");
    var status = element("p", "visually-hidden");
    var options = [];
    var active = -1;
    var cache = {};
    var timer = null;
    listbox.id = input.id + "-suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Suggestions");
    listbox.hidden = true;
    status.setAttribute("role", "status");
    form.append(listbox, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("aria-expanded", "false");

    function pageOf(kind, slug) {
      var pattern = input.dataset[kind + "Url"] || "";  // data-product-url="/p/item" …
      return pattern.slice(0, pattern.lastIndexOf("/") + 1) + encodeURIComponent(slug);
    }
    function money(price) {
      try {
        return new Intl.NumberFormat("en", { style: "currency", currency: price.currency })
          .format(Number(price.amount));
      } catch (error) {
        return price.amount + " " + price.currency;
      }
    }
    function day(iso) {
      return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" })
        .format(new Date(iso));
    }
    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      activate(-1);
    }
    function activate(index) {
      if (active >= 0 && options[active]) options[active].node.setAttribute("aria-selected", "false");
      active = index;
      if (index < 0) return input.removeAttribute("aria-activedescendant");
      var node = options[index].node;
      node.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", node.id);
      node.scrollIntoView({ block: "nearest" });
    }
    function option(group, parts, follow) {
      var node = element("div", "suggestion");
      node.id = listbox.id + "-" + options.length;
      node.setAttribute("role", "option");
      node.setAttribute("aria-selected", "false");
      node.append.apply(node, parts);
      node.addEventListener("mousedown", function (event) { event.preventDefault(); });
      node.addEventListener("click", follow);
      options.push({ node: node, follow: follow });
      group.append(node);
    }
    function group(label) {
      var box = element("div", "suggestion-group");
      var heading = element("div", "suggestion-heading", label);
      heading.id = listbox.id + "-" + label.toLowerCase();
      heading.setAttribute("role", "presentation");
      box.setAttribute("role", "group");
      box.setAttribute("aria-labelledby", heading.id);
      box.append(heading);
      listbox.append(box);
      return box;
    }
    function picture(image) {
      if (!image) return element("span", "suggestion-thumb");
      var img = element("img", "suggestion-thumb");
      img.src = image.url;
      img.alt = "";
      img.width = 40;
      img.height = 40;
      return img;
    }
    function item(found) {
      var detail = found.price ? money(found.price)
        : found.published_at ? day(found.published_at) : "";
      var text = element("span", "suggestion-text");
      text.append(element("span", "suggestion-title", found.title),
        element("span", "suggestion-detail", detail));
      return [picture(found.image), text];
    }
    function show(body) {
      listbox.replaceChildren();
      options = [];
      active = -1;
      var words = body.items || [];
      var products = (body.documents || []).filter(function (d) { return d.type === "product"; });
      var articles = (body.documents || []).filter(function (d) { return d.type === "article"; });
      if (words.length) {
        var searches = group("Searches");
        words.forEach(function (word) {
          option(searches, [element("span", "suggestion-title", word)], function () {
            input.value = word;
            close();
            form.requestSubmit();
          });
        });
      }
      [["Products", products, "product"], ["Articles", articles, "article"]].forEach(function (set) {
        if (!set[1].length) return;
        var box = group(set[0]);
        set[1].forEach(function (found) {
          option(box, item(found), function () {
            window.location.assign(pageOf(set[2], found.slug));
          });
        });
      });
      var count = options.length;
      listbox.hidden = !count;
      input.setAttribute("aria-expanded", count ? "true" : "false");
      status.textContent = count
        ? count + (count === 1 ? " suggestion" : " suggestions") + ": " + words.length +
          " searches, " + products.length + " products, " + articles.length +
          " articles. Use the up and down arrows to choose."
        : "No suggestions.";
    }
    function suggest() {
      var typed = input.value;
      if (typed.trim().length < 2) return close();
      if (cache[typed]) return show(cache[typed]);
      // The address may already carry the shopper's market: add the words to it.
      var address = new URL(input.dataset.suggest, window.location.href);
      address.searchParams.set("q", typed);
      fetch(address.href, {
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (body) {
          cache[typed] = body;
          if (input.value === typed && document.activeElement === input) show(body);
        })
        .catch(function () { /* suggestions are optional; searching still works */ });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, 150);
    });
    input.addEventListener("keydown", function (event) {
      var count = options.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!count) return;
        event.preventDefault();
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        var step = event.key === "ArrowDown" ? 1 : -1;
        activate(active < 0 && step < 0 ? count - 1 : (active + step + count) % count);
      } else if (event.key === "Enter" && active >= 0 && !listbox.hidden) {
        event.preventDefault();
        options[active].follow();
      } else if (event.key === "Escape" && !listbox.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
    form.addEventListener("submit", close);
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

  // An enquiry goes once: a second click while the first is on its way sends nothing more.
  function sendOnce(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) {
        event.preventDefault();
        return;
      }
      form.dataset.sending = "true";
      var button = form.querySelector("button[type='submit']");
      button.setAttribute("aria-disabled", "true");
      button.textContent = "Sending…";
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
    // A tray the page was sent without floats over the page's foot when it appears, so
    // showing a remembered selection never moves what the shopper is reading; the page gets
    // room below as tall as the tray, so nothing at its end stays hidden under it.
    if (tray.hidden) {
      tray.classList.add("compare-tray-floating");
      new ResizeObserver(function () {
        document.body.style.paddingBottom = tray.offsetHeight ? tray.offsetHeight + 16 + "px" : "";
      }).observe(tray);
    }
    // A selection carried in an address made without JavaScript counts when none is stored.
    var items = stored.length ? stored : JSON.parse(tray.dataset.selection);
    function has(slug) {
      return items.some(function (item) { return item.slug === slug; });
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
  document.querySelectorAll("form[data-enquiry-form]").forEach(sendOnce);
  document.querySelectorAll("[data-finish-picker]").forEach(enhanceFinishPicker);
  document.querySelectorAll("input[data-suggest]").forEach(enhanceSuggestions);
  // The comparison page's faucets are the selection now (a faucet removed there is gone).
  document.querySelectorAll("[data-compare-page]").forEach(function (page) {
    storeSelection(JSON.parse(page.dataset.selection));
  });
  document.querySelectorAll("[data-compare-tray]").forEach(enhanceCompare);
  // The filters arrive folded (see site.css); wider screens show them unfolded by CSS, or by
  // opening them here where the browser cannot style a folded <details> open.
  var unfoldsByItself = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  if (!unfoldsByItself && window.matchMedia("(min-width: 48.01rem)").matches) {
    document.querySelectorAll("details[data-unfold-on-wide]").forEach(function (details) {
      details.open = true;
    });
  }
})();
