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

  document.querySelectorAll("form[method='get']").forEach(tidyQuery);
  document.querySelectorAll("form[data-enquiry-form]").forEach(sendOnce);
  document.querySelectorAll("[data-finish-picker]").forEach(enhanceFinishPicker);
  document.querySelectorAll("input[data-suggest]").forEach(enhanceSuggestions);
  // On a phone the filters start folded, so the results come first.
  if (window.matchMedia("(max-width: 48rem)").matches) {
    document.querySelectorAll("details[data-collapse-on-small]").forEach(function (details) {
      details.open = false;
    });
  }
})();
