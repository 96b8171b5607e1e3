"""ORM accesses: SQLAlchemy sessions, queries and constructs, Flask-SQLAlchemy, Django."""

from __future__ import annotations

from .data_helpers import accesses, facts

M = "pkg.mod"


def models(src: str) -> set[tuple[str, str, str, str]]:
    return accesses(src, "model")


def test_session_query_reads_every_model_it_names() -> None:
    src = """
        from app import db

        def report(session, uid):
            session.query(User).filter(User.id == uid).all()
            db.session.query(Order.id, func.count(Item.id)).join(Customer).count()
    """
    assert models(src) == {
        (f"{M}.report", "model", "User", "read"),
        (f"{M}.report", "model", "Order", "read"),
        (f"{M}.report", "model", "Item", "read"),
        (f"{M}.report", "model", "Customer", "read"),
    }


def test_query_chain_ending_in_update_or_delete_writes() -> None:
    src = """
        def purge(session):
            session.query(Order).filter_by(status="stale").delete()
            Product.query.filter_by(id=2).update({"stock": 0})
            models.Cart.query.filter(models.Cart.id == 1).first()
    """
    assert models(src) == {
        (f"{M}.purge", "model", "Order", "write"),
        (f"{M}.purge", "model", "Product", "write"),
        (f"{M}.purge", "model", "models.Cart", "read"),
    }


def test_statement_constructs() -> None:
    src = """
        from sqlalchemy import select, insert, update, delete
        import sqlalchemy as sa

        async def sync(db):
            await db.execute(select(Folder).where(Folder.id == 1))
            await db.execute(select(func.count()).select_from(Chat))
            await db.execute(update(User).where(User.id == 1).values(name="x"))
            await db.execute(delete(ApiKey).where(ApiKey.user_id == 1))
            await db.execute(sa.insert(Tag).values(name="t"))
    """
    assert models(src) == {
        (f"{M}.sync", "model", "Folder", "read"),
        (f"{M}.sync", "model", "Chat", "read"),
        (f"{M}.sync", "model", "User", "write"),
        (f"{M}.sync", "model", "ApiKey", "write"),
        (f"{M}.sync", "model", "Tag", "write"),
    }


def test_session_writes_need_an_evident_class() -> None:
    src = """
        from app import db

        class CartService:
            def add(self, product_id, item):
                cart = Cart(user_id=1)
                db.session.add(cart)
                found = CartItem.query.filter_by(product_id=product_id).first()
                db.session.delete(found)
                self.session.add(item)
                db.session.add(OrderLine(sku="x"))
                payment = db.session.get(Payment, 3)
                db.session.merge(payment)
    """
    scope = f"{M}.CartService.add"
    assert models(src) == {
        (scope, "model", "Cart", "write"),
        (scope, "model", "CartItem", "read"),
        (scope, "model", "CartItem", "write"),
        (scope, "model", "OrderLine", "write"),
        (scope, "model", "Payment", "read"),
        (scope, "model", "Payment", "write"),
    }


def test_attribute_assignment_on_a_row_writes_but_not_on_a_new_instance() -> None:
    src = """
        def ship(order_id, data, param):
            order = Order.query.get_or_404(order_id)
            order.status = "shipped"
            order.shipped_at = now()
            draft = Invoice()
            draft.total = 3
            param.status = "x"
    """
    assert models(src) == {
        (f"{M}.ship", "model", "Order", "read"),
        (f"{M}.ship", "model", "Order", "write"),
    }


def test_rows_returned_by_other_calls_are_named_by_the_call() -> None:
    # The link stage resolves `self._own_item()` through the method's return annotation.
    src = """
        class CartService(BaseService):
            def set_quantity(self, item_id, quantity):
                item = self._own_item(item_id)
                item.quantity = quantity
                cart = self.get_or_404(Cart, 1)
                cart.touched = True
                coupon = cart_service.coupon()
                db.session.delete(coupon)
                for line in load_lines():
                    line.done = True
                total = len(item.lines)
                total.x = 1
    """
    scope = f"{M}.CartService.set_quantity"
    assert models(src) == {
        (scope, "model", "self._own_item()", "write"),
        (scope, "model", "Cart", "read"),
        (scope, "model", "Cart", "write"),
        (scope, "model", "cart_service.coupon()", "write"),
        (scope, "model", "load_lines()[]", "write"),
    }


def test_model_methods_that_change_self_write_their_class() -> None:
    src = """
        class TimestampedModel(db.Model):
            __abstract__ = True

        class Order(TimestampedModel):
            def __init__(self, **kw):
                self.status = "new"

            def mark_paid(self, when=None):
                self.status = "paid"
                self.paid_at = when

        class Plain:
            def touch(self):
                self.seen = True

        class Settings(BaseModel):
            def set(self):
                self.value = 1
    """
    assert models(src) == {(f"{M}.Order.mark_paid", "model", "Order", "write")}


def test_annotated_parameter_and_async_result_rows() -> None:
    src = """
        async def rename(db, folder_id, account: Account):
            account.name = "new"
            result = await db.execute(select(Folder).filter_by(id=folder_id))
            folder = result.scalars().first()
            folder.parent_id = None
            await db.delete(folder)
    """
    scope = f"{M}.rename"
    assert models(src) == {
        (scope, "model", "Account", "write"),
        (scope, "model", "Folder", "read"),
        (scope, "model", "Folder", "write"),
    }


def test_statements_built_in_steps() -> None:
    src = """
        async def claim(db, now):
            stmt = select(Automation).where(Automation.next_run_at <= now)
            stmt = stmt.with_for_update(skip_locked=True)
            result = await db.execute(stmt)
            for row in result.scalars().all():
                row.last_run_at = now
    """
    assert models(src) == {
        (f"{M}.claim", "model", "Automation", "read"),
        (f"{M}.claim", "model", "Automation", "write"),
    }


def test_evident_classes_do_not_leak_between_functions() -> None:
    src = """
        def a():
            item = Item()
            session.add(item)

        def b(item):
            session.add(item)
            item.x = 1
    """
    assert models(src) == {(f"{M}.a", "model", "Item", "write")}


def test_django_managers() -> None:
    src = """
        from django.shortcuts import get_object_or_404

        def view(request, pk):
            Article.objects.filter(section=1).select_related("author").first()
            Article.objects.filter(pk=pk).update(views=1)
            Revision.objects.create(article_id=pk)
            EmailLog.objects.bulk_create([])
            Plan.objects.count()
            get_user_model().objects.filter(email="x").exists()
            User.objects.create_user("a", "b", "c")
    """
    scope = f"{M}.view"
    assert models(src) == {
        (scope, "model", "Article", "read"),
        (scope, "model", "Article", "write"),
        (scope, "model", "Revision", "write"),
        (scope, "model", "EmailLog", "write"),
        (scope, "model", "Plan", "read"),
        # the link stage turns get_user_model() into the user model
        (scope, "model", "get_user_model()", "read"),
        # UserManager.create_user() saves the new user
        (scope, "model", "User", "write"),
    }


def test_django_saves_and_deletes_of_evident_instances() -> None:
    src = """
        from django.shortcuts import get_object_or_404

        def handle(request, pk, sub: Subscription):
            signup, created = NewsletterSignup.objects.get_or_create(email="a")
            signup.save()
            for comment in Comment.objects.filter(article_id=pk):
                comment.delete()
            plan = get_object_or_404(Plan, pk=pk)
            plan.save()
            sub.save()
            form = ArticleForm(request.POST)
            form.save()
            obj.save()
    """
    scope = f"{M}.handle"
    assert models(src) == {
        (scope, "model", "NewsletterSignup", "write"),
        (scope, "model", "Comment", "read"),
        (scope, "model", "Comment", "write"),
        (scope, "model", "Plan", "read"),
        (scope, "model", "Plan", "write"),
        (scope, "model", "Subscription", "write"),
        # a form's save: the link stage keeps it only if ArticleForm names a Meta.model
        (scope, "model", "ArticleForm", "write"),
    }


def test_only_save_on_a_form_is_a_write() -> None:
    src = """
        def handle(request):
            form = ArticleForm(request.POST)
            if form.is_valid():
                form.cleaned_data["x"] = 1
                form.instance = None
            formset = LineFormSet(request.POST)
            formset.save()
            serializer = ArticleSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            session.add(form)
            service = BillingService()
            service.save()
    """
    scope = f"{M}.handle"
    assert models(src) == {(scope, "model", "LineFormSet", "write")}


def test_methods_of_a_model_write_their_own_class() -> None:
    src = """
        from django.db import models

        class Article(models.Model):
            def save(self, *args, **kwargs):
                self.slug = "x"
                super().save(*args, **kwargs)

            def publish(self):
                self.published = True
                self.save()

            @classmethod
            def recent(cls):
                return cls.objects.filter(published=True)
    """
    assert models(src) == {
        (f"{M}.Article.save", "model", "Article", "write"),
        (f"{M}.Article.publish", "model", "Article", "write"),
        (f"{M}.Article.recent", "model", "Article", "read"),
    }


def test_sqlalchemy_model_saving_itself() -> None:
    src = """
        class Topic(db.Model):
            def save(self):
                db.session.add(self)
                db.session.commit()

            @classmethod
            def by_forum(cls, forum_id):
                return cls.query.filter_by(forum_id=forum_id).all()
    """
    assert models(src) == {
        (f"{M}.Topic.save", "model", "Topic", "write"),
        (f"{M}.Topic.by_forum", "model", "Topic", "read"),
    }


def test_near_misses_stay_silent() -> None:
    src = """
        def misc(request, cache, items, d):
            cache.get("x")
            request.query("cursor")
            seen = set()
            seen.add(items)
            d.update({"a": 1})
            self.model.objects.filter(a=1)
            session.add(item)
            log.delete("old")
            os.path.join("a", "b")
            x = Order.STATUS_PENDING
    """
    assert models(src) == set()


def test_vias_say_which_orm() -> None:
    src = """
        def f():
            Order.query.first()
            Article.objects.all()
    """
    vias = {(a.name, a.via) for a in facts(src).accesses if a.kind == "model"}
    assert vias == {("Order", "sqlalchemy"), ("Article", "django")}


def test_django_bulk_writes_are_marked_as_sending_no_signal() -> None:
    """`update()`, `bulk_create()` and `bulk_update()` change rows without `save()`, so
    Django sends no model signal: via "django-bulk". Saves, creates and deletes keep "django"."""
    src = """
        def f(pk):
            Article.objects.filter(pk=pk).update(count=1)
            Article.objects.bulk_create([])
            Comment.objects.create(body="x")
            Flag.objects.filter(pk=pk).delete()
            qs = Tag.objects.filter(pk=pk)
            qs.update(name="y")
            c = Note.objects.get(pk=pk)
            c.save()
            Order.query.filter_by(id=1).update({"a": 1})
    """
    writes = {(a.name, a.line, a.via) for a in facts(src).accesses if a.kind == "model" and a.mode == "write"}
    assert writes == {("Article", 3, "django-bulk"), ("Article", 4, "django-bulk"),
                      ("Comment", 5, "django"), ("Flag", 6, "django"), ("Tag", 8, "django-bulk"),
                      ("Note", 10, "django"), ("Order", 11, "sqlalchemy")}
