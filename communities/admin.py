from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from burqin.admin_history import HistoryAdmin
from burqin.people import person_name

from . import roles
from .idnumbers import mask_id_number
from .models import Community, Compound, Household, Resident, StaffProfile


@admin.register(Community)
class CommunityAdmin(HistoryAdmin):
    list_display = ["name", "code", "kind", "featured_type", "party_branch", "phone", "order"]
    list_editable = ["order"]
    list_filter = ["kind", "featured_type"]
    search_fields = ["name", "code", "party_branch"]
    readonly_fields = ["single_person_office_allowed_by", "single_person_office_allowed_at"]

    def save_model(self, request, obj, form, change):
        # Who allowed a one-person office, and when, is recorded by the admin, not typed.
        if "single_person_office" in form.changed_data:
            if obj.single_person_office:
                obj.single_person_office_allowed_by = request.user
                obj.single_person_office_allowed_at = timezone.now()
            else:
                obj.single_person_office_allowed_by = None
                obj.single_person_office_allowed_at = None
        super().save_model(request, obj, form, change)


@admin.register(Compound)
class CompoundAdmin(admin.ModelAdmin):
    list_display = ["name", "community"]
    list_filter = ["community"]
    search_fields = ["name"]
    list_select_related = ["community"]


class MemberInline(admin.TabularInline):
    model = Resident
    fk_name = "household"
    fields = ["name", "id_number", "relation", "ethnicity", "phone"]
    extra = 0
    show_change_link = True


@admin.register(Household)
class HouseholdAdmin(HistoryAdmin):
    list_display = ["address", "community", "compound", "registration_type", "head"]
    list_filter = ["community", "registration_type"]
    search_fields = ["address", "head__name", "head__name_pinyin", "head__id_number"]
    list_select_related = ["community", "compound", "head"]
    raw_id_fields = ["head"]
    autocomplete_fields = ["compound"]
    inlines = [MemberInline]


@admin.register(Resident)
class ResidentAdmin(HistoryAdmin):
    list_display = [
        "name",
        "masked_id",
        "sex",
        "birth_date",
        "ethnicity",
        "community",
        "relation",
        "is_disabled",
        "is_orphan",
        "is_elderly_alone",
        "is_4050",
        "is_party_member",
    ]
    list_filter = [
        "community",
        "sex",
        "ethnicity",
        "is_disabled",
        "is_orphan",
        "is_elderly_alone",
        "is_4050",
        "is_party_member",
    ]
    search_fields = ["name", "name_pinyin", "name_initials", "id_number"]
    list_select_related = ["community"]
    raw_id_fields = ["household"]
    # The pinyin search keys are kept on save from the name; nothing to read or type here.
    exclude = ["name_pinyin", "name_initials"]
    readonly_fields = ["sex", "birth_date"]

    @admin.display(description=_("ID number"), ordering="id_number")
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)


@admin.register(StaffProfile)
class StaffProfileAdmin(HistoryAdmin):
    list_display = ["user", "community", "title", "phone"]
    list_filter = ["community"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "community"]


# Accounts: the user form asks for what the app needs (a name, a role, a community) -------------

User = get_user_model()
ADMINISTRATOR = "administrator"
PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def role_choices():
    return [
        ("", "---------"),
        *[(role, roles.ROLE_LABELS[role]) for role in roles.ROLES],
        (ADMINISTRATOR, _("Administrator")),
    ]


def permission_label(permission) -> str:
    """'社会救助 | 发放批次 | 可修改发放批次' rather than the stored English name."""
    content_type = permission.content_type
    model = content_type.model_class()
    app_name = apps.get_app_config(content_type.app_label).verbose_name
    model_name = model._meta.verbose_name if model else content_type.model
    action, _sep, rest = permission.codename.partition("_")
    if model and action in PERMISSION_ACTIONS and rest == model._meta.model_name:
        text = PERMISSION_ACTIONS[action] % {"model": model_name}
    else:
        text = gettext(permission.name)
    return f"{app_name} | {model_name} | {text}"


def permission_queryset():
    """Every permission an administrator may grant: those of history tables are never used."""
    return Permission.objects.exclude(content_type__model__startswith="historical").select_related(
        "content_type"
    )


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class RolesMixin:
    """Puts the roles the submitted form gives the account on it, for the profile's check."""

    def roles_chosen(self) -> set[str]:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        self.instance.roles_chosen = self.roles_chosen()
        return cleaned


class StaffAccountCreationForm(RolesMixin, AdminUserCreationForm):
    first_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=role_choices)

    class Meta(AdminUserCreationForm.Meta):
        fields = ("username", "first_name")

    def roles_chosen(self):
        return {self.cleaned_data.get("role")} - {None, ""}

    def save(self, commit=True):
        user = super().save(commit=False)
        user.is_staff = user.is_superuser = self.cleaned_data["role"] == ADMINISTRATOR
        if commit:
            user.save()
            self._save_m2m()
        return user

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.groups.set(Group.objects.filter(name=self.cleaned_data["role"]))


class StaffAccountChangeForm(RolesMixin, UserChangeForm):
    first_name = forms.CharField(label=_("Full name"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Whether a password is set, without the hash's algorithm and salt.
        self.fields["password"].widget.template_name = "burqin/password_summary.html"

    def roles_chosen(self):
        return {group.name for group in self.cleaned_data.get("groups") or []}


class StaffProfileFormSet(BaseInlineFormSet):
    """The account's profile, checked with the role chosen on the same page."""

    def clean(self):
        super().clean()
        chosen = getattr(self.instance, "roles_chosen", set())
        if not chosen & roles.COMMUNITY_ROLES:
            return
        communities = [
            form.cleaned_data.get("community")
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        if not any(communities):
            raise ValidationError(
                _("A community staff account needs a community: choose it in the staff profile."),
                code="community_required",
            )


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    formset = StaffProfileFormSet
    fields = ["community", "title", "phone"]
    can_delete = False
    min_num = max_num = 1
    extra = 0
    verbose_name_plural = _("staff profile")


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffAccountAdmin(UserAdmin):
    form = StaffAccountChangeForm
    add_form = StaffAccountCreationForm
    inlines = [StaffProfileInline]
    list_display = ["username", "full_name", "role_names", "community", "is_active", "last_login"]
    list_filter = ["is_active", "is_superuser", "groups", "staff_profile__community"]
    list_select_related = ["staff_profile__community"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "email"]}),
        (_("Role and access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "first_name", "role", "usable_password"]
                + ["password1", "password2"],
            },
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("Full name"), ordering="first_name")
    def full_name(self, obj):
        return person_name(obj)

    @admin.display(description=_("Role"))
    def role_names(self, obj):
        names = [roles.role_label(group) for group in obj.groups.all()]
        if obj.is_superuser:
            names.insert(0, str(_("Administrator")))
        return "、".join(names) or "—"

    @admin.display(description=_("community"))
    def community(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return profile.community.name if profile and profile.community_id else _("whole town")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # An unchanged profile form (a town-wide account) saves nothing: every account has one.
        StaffProfile.objects.get_or_create(user=form.instance)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    list_display = ["role", "member_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(members=Count("user"))

    @admin.display(description=_("Role"), ordering="name")
    def role(self, obj):
        return roles.role_label(obj)

    @admin.display(description=_("Accounts"), ordering="members")
    def member_count(self, obj):
        return obj.members

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions":
            return PermissionsField(
                queryset=permission_queryset(),
                required=False,
                label=db_field.verbose_name,
                widget=FilteredSelectMultiple(db_field.verbose_name, is_stacked=False),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
