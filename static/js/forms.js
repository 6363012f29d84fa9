// Form behaviour: search pickers and formset rows removed in place.
//
// Search pickers (burqin.widgets.SearchPicker): a search box (role="combobox") whose results
// come from the picker's endpoint through htmx into a role="listbox"; ArrowDown/ArrowUp move
// through the options, Enter takes one, Escape closes the list. A single picker keeps the chosen
// id in its hidden input; a multiple one adds a removable chip with a hidden input per record.
(function () {
  "use strict";

  var DELAY = 250;
  var timers = new WeakMap();

  function parts(input) {
    var picker = input.closest("[data-picker]");
    return {
      picker: picker,
      listbox: document.getElementById(input.getAttribute("aria-controls")),
      hidden: picker.querySelector("input[data-picker-value]"),
      multiple: picker.hasAttribute("data-picker-multiple")
    };
  }

  function options(listbox) {
    return Array.prototype.slice.call(listbox.querySelectorAll("[role=option]"));
  }

  function open(input, listbox) {
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close(input, listbox) {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function search(input) {
    var p = parts(input);
    var query = input.value.trim();
    if (!query) {
      close(input, p.listbox);
      return;
    }
    var url = input.getAttribute("data-picker-url") + "?q=" + encodeURIComponent(query);
    window.htmx.ajax("GET", url, { target: p.listbox, swap: "innerHTML" }).then(function () {
      options(p.listbox).forEach(function (option, index) {
        option.id = p.listbox.id + "-" + index;
      });
      open(input, p.listbox);
    });
  }

  function activate(input, listbox, option) {
    options(listbox).forEach(function (other) {
      other.setAttribute("aria-selected", other === option ? "true" : "false");
      other.classList.toggle("active", other === option);
    });
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  function choose(input, option) {
    var p = parts(input);
    var value = option.getAttribute("data-value");
    var label = option.getAttribute("data-label");
    if (p.multiple) {
      var list = p.picker.querySelector(".picker-chosen");
      var name = p.picker.getAttribute("data-picker-name");
      if (!list.querySelector("input[value='" + value + "']")) {
        var chip = document.createElement("li");
        chip.className = "badge text-bg-light border picker-chip";
        chip.appendChild(document.createTextNode(label));
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = value;
        chip.appendChild(hidden);
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close ms-1";
        remove.setAttribute("data-picker-remove", "");
        remove.setAttribute("aria-label", (p.picker.getAttribute("data-picker-remove-label") || "×") + " " + label);
        chip.appendChild(remove);
        list.appendChild(chip);
      }
      input.value = "";
    } else {
      p.hidden.value = value;
      input.value = label;
    }
    close(input, p.listbox);
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-picker] input[role=combobox]");
    if (!input) {
      return;
    }
    var p = parts(input);
    if (p.hidden) {
      p.hidden.value = ""; // the typed text no longer names the chosen record
    }
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { search(input); }, DELAY));
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target.closest("[data-picker] input[role=combobox]");
    if (!input) {
      return;
    }
    var listbox = parts(input).listbox;
    var all = options(listbox);
    var current = listbox.querySelector("[role=option][aria-selected=true]");
    var index = all.indexOf(current);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (listbox.hidden) {
        if (input.value.trim()) {
          search(input);
        }
        return;
      }
      if (!all.length) {
        return;
      }
      var step = event.key === "ArrowDown" ? 1 : -1;
      activate(input, listbox, all[(index + step + all.length) % all.length]);
    } else if (event.key === "Enter") {
      if (!listbox.hidden) {
        event.preventDefault(); // Enter in the list takes an option, it does not submit
        if (current) {
          choose(input, current);
        } else if (all.length === 1) {
          choose(input, all[0]);
        }
      }
    } else if (event.key === "Escape") {
      if (!listbox.hidden) {
        event.preventDefault();
        close(input, listbox);
      }
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-picker] [role=option]");
    if (option) {
      var input = option.closest("[data-picker]").querySelector("input[role=combobox]");
      choose(input, option);
      input.focus();
      return;
    }
    var remove = event.target.closest("[data-picker] [data-picker-remove]");
    if (remove) {
      var picker = remove.closest("[data-picker]");
      remove.closest(".picker-chip").remove();
      picker.querySelector("input[role=combobox]").focus();
      return;
    }
    // A click elsewhere closes every open list.
    document.querySelectorAll("[data-picker] [role=listbox]:not([hidden])").forEach(function (listbox) {
      if (!listbox.closest("[data-picker]").contains(event.target)) {
        close(listbox.closest("[data-picker]").querySelector("input[role=combobox]"), listbox);
      }
    });
  });

  // <button data-remove-row> in a formset row not yet saved: the row goes; its index stays
  // unused, which Django's formset reads as an empty extra row and skips.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-row]");
    if (button) {
      var row = button.closest("[data-row]");
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      var focus = next && next.querySelector("input, select");
      if (focus) {
        focus.focus();
      }
    }
  });
})();
