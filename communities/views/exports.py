"""“My exports”: the background exports a user asked for, their progress and their files."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from burqin.files import private_file_response, serves_private_file

from ..models import ExportJob

RECENT_EXPORTS = 50


@require_GET
@login_required
def exportjob_list(request):
    jobs = ExportJob.objects.visible_to(request.user)[:RECENT_EXPORTS]
    return render(request, "communities/exportjob_list.html", {"jobs": jobs})


@require_GET
@login_required
def exportjob_status(request, pk):
    """One row of “My exports”, polled by htmx while its job is waiting or writing."""
    job = ExportJob.objects.get_for_user(request.user, pk=pk)
    return render(request, "communities/_exportjob_row.html", {"job": job})


@serves_private_file("communities.ExportJob.file")
@require_GET
@login_required
def exportjob_download(request, pk):
    """The file of a finished export: for the user who asked for it, nobody else (404)."""
    job = ExportJob.objects.get_for_user(request.user, pk=pk, status=ExportJob.Status.DONE)
    return private_file_response(job.file, filename=job.download_name())


__all__ = ["exportjob_download", "exportjob_list", "exportjob_status"]
