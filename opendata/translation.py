from modeltranslation.translator import TranslationOptions, register

from .models import Dataset, Licence, Resource


@register(Dataset)
class DatasetTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("ar",)


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Licence)
class LicenceTranslationOptions(TranslationOptions):
    fields = ("title",)
