from django import forms

from .models import Article, Section


class ArticleForm(forms.ModelForm):
    revision_note = forms.CharField(max_length=200, required=False)

    class Meta:
        model = Article
        fields = ("section", "title", "standfirst", "body", "allow_comments")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(is_visible=True)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if title.isupper():
            raise forms.ValidationError("Please don't write headlines in capitals.")
        return title
