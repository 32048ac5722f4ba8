from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "spalk.accounts"
    label = "accounts"

    def ready(self) -> None:
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        from spalk.accounts import signals  # noqa: F401 - connects the login audit receivers

        # Django admin is for the installation's superuser only, and its sign-in goes through allauth
        # (password + second factor) instead of the admin's own password-only form.
        admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
        admin.site.has_permission = _superuser_only  # type: ignore[method-assign]


def _superuser_only(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and user.is_superuser)
