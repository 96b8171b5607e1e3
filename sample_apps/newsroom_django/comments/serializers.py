from rest_framework import serializers

from .models import Comment


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.profile.public_name", read_only=True)
    replies = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ("id", "article", "parent", "author", "body", "is_approved", "created_at", "replies")
        read_only_fields = ("is_approved", "created_at")

    def get_replies(self, obj):
        children = [reply for reply in obj.replies.all() if reply.is_visible]
        return CommentSerializer(children, many=True, context=self.context).data
