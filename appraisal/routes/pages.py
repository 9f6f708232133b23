from django.contrib.auth import views as auth_views
from django.urls import path

from appraisal.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("sign-in/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("appraisals/<slug:slug>/", pages.appraisal_detail, name="appraisal_detail"),
]
