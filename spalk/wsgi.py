import os

from django.core.wsgi import get_wsgi_application

from spalk.core.startup import freeze_startup_objects  # imports only gc: safe before the settings load

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spalk.settings")
# Loading the settings from here marks the process as a server (settings.WSGI_SERVING): with DEBUG off they refuse
# to start without DATABASE_URL and SPALK_SECRET_KEY, and static files are served under their hashed names.
application = get_wsgi_application()
freeze_startup_objects()  # after loading: every view, then gc.freeze (spalk.core.startup)
