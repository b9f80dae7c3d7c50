# syntax=docker/dockerfile:1
# Build: docker build -t oewgdrafting .
# Run:   docker run -p 8080:8080 -v oewg-data:/data oewgdrafting
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/OewgDrafting.Domain/OewgDrafting.Domain.csproj src/OewgDrafting.Domain/
COPY src/OewgDrafting.Api/OewgDrafting.Api.csproj src/OewgDrafting.Api/
# Published ReadyToRun for linux-x64 (start-up in about a second); build for another architecture with -r.
RUN dotnet restore src/OewgDrafting.Api/OewgDrafting.Api.csproj -r linux-x64
COPY src/ src/
RUN dotnet publish src/OewgDrafting.Api/OewgDrafting.Api.csproj -c Release -r linux-x64 --no-restore -o /app/publish

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The database lives on a volume, owned by the image's non-root user.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ConnectionStrings__Drafting="Data Source=/data/oewgdrafting.db" \
    DOTNET_gcServer=0
COPY --from=build /app/publish .
USER $APP_UID
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "OewgDrafting.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "OewgDrafting.Api.dll"]
