from django.forms.renderers import TemplatesSetting


class SpalkFormRenderer(TemplatesSetting):
    """Fields rendered with a label, help and errors linked by aria-describedby; errors keep the input."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
