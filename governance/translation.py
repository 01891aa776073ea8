from modeltranslation.translator import TranslationOptions, register

from .models import Entity


@register(Entity)
class EntityTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ar",)
