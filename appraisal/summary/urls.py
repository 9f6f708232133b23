"""Routes for the appraisal list and an appraisal's summary page."""

from django.contrib.auth import views as auth_views
from django.urls import path

from appraisal.summary import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("appraisals/<slug:slug>/", views.appraisal_detail, name="appraisal_detail"),
]
