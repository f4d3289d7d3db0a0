"""What the API shows of each content app, one module per app (the app never imports
``api``). Registered in this order from ``ApiConfig.ready()``: an app's fields come
after those of the apps below it, as in each response."""

from . import home, search, specialists, topics


def register():
    for app in (home, topics, specialists, search):
        app.register()
