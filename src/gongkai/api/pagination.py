"""The one page format of every list in /api/v1/."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        """A page_size that is not a whole number from 1 is refused (400), not silently replaced."""
        values = request.query_params.getlist(self.page_size_query_param)
        if values:
            value = values[-1]
            if len(values) > 1 or not (value.isascii() and value.isdigit()) or int(value) < 1:
                raise exceptions.ValidationError(
                    {
                        self.page_size_query_param: [
                            _("Give a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                        ]
                    },
                    code="invalid",
                )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1  # above max_page_size, max_page_size is used
                parameter["description"] = (
                    f"Results per page, 1 to {self.max_page_size} (more counts as {self.max_page_size})."
                )
        return parameters
