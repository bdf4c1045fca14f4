# One image for the whole cluster topology (§9.2): the Silo and the WebFront published side by side,
# the role picked by the command (see deploy/entrypoint.sh):
#   docker run IMAGE silo        a cluster silo            (/app/silo)
#   docker run IMAGE migrate     apply the PostgreSQL schema and exit (connection string in OROORLEANS_PG)
#   docker run IMAGE webfront    a front end               (/app/webfront, HTTP on 8080)
# docker-compose.yml at the repository root wires them together.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that a code change does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Grains.Interfaces/Grains.Interfaces.csproj Grains.Interfaces/
COPY Grains/Grains.csproj Grains/
COPY Grains/Shared/Grains.Shared.csproj Grains/Shared/
COPY Silo/Silo.csproj Silo/
COPY Silo/Server/Silo.Server.csproj Silo/Server/
COPY Silo/Hosting.Shared/Hosting.Shared.csproj Silo/Hosting.Shared/
COPY WebFront/WebFront.csproj WebFront/
RUN dotnet restore Silo/Silo.csproj && dotnet restore WebFront/WebFront.csproj -p:OroStandalone=false
COPY . .
RUN dotnet publish Silo/Silo.csproj -c Release --no-restore -o /out/silo \
 && dotnet publish WebFront/WebFront.csproj -c Release --no-restore -p:OroStandalone=false -o /out/webfront \
 && cp deploy/entrypoint.sh /out/entrypoint.sh \
 && chmod 755 /out/entrypoint.sh

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /out/ /app/
ENV ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080
# The non-root user the .NET images ship.
USER $APP_UID
# 8080: front-end HTTP; 11111: silo to silo; 30000: gateway (front ends to silos).
EXPOSE 8080 11111 30000
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["webfront"]
