"""Small helpers the meetings views share."""


def posted(request, *, files: bool = False):
    """The POST data (or files) to bind a form to on a POST, even an empty one ("request.POST or None"
    leaves an empty POST unbound: a 400 with no error shown), else None."""
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST
