// django-celery-beat's periodic-task form (templates/admin/djcelery/change_periodictask_form.html):
// the 执行时间 row shows the crontab chosen in the select, in words (burqin/schedules.py).
document.addEventListener("DOMContentLoaded", () => {
  const data = document.getElementById("readable-crontabs");
  const select = document.getElementById("id_crontab");
  const shown = document.querySelector(".field-crontab_translation .readonly");
  if (!data || !select || !shown) return;
  const readable = JSON.parse(data.textContent);
  select.addEventListener("change", () => {
    shown.textContent = readable[select.value] || "—";
  });
});
