"""Renders the edge's live incidents, as QGIS sees them, to a PNG.

Run by bin/qgis-snapshot (ws-edge/OGC.md, "QGIS"), under Xvfb, with Debian's python3 and
python3-qgis (QGIS 3.22). It does what a GIS analyst does in the QGIS dialogs, through PyQGIS:
creates an OAuth2 authentication configuration (grant flow "Resource Owner" against the token
endpoint) in QGIS's authentication manager, opens <ogc>/collections/incidents as an OGC API -
Features layer (provider OAPIF) signed in with it, puts it over the jurisdiction outlines the edge
serves to its console, and renders the map with QgsMapRendererParallelJob. Everything QGIS writes
(its profile, its authentication database) goes to a temporary directory that is deleted at exit.

The password and the client secret come from the environment (QGIS_SNAPSHOT_PASSWORD,
QGIS_SNAPSHOT_CLIENT_SECRET), never from the command line. Exits 1 with the reason when the layer
does not open (a refused sign-in shows here) or has no feature.
"""
import argparse
import collections
import datetime
import json
import os
import secrets
import shutil
import sys
import tempfile
import urllib.request

WORK_DIR = tempfile.mkdtemp(prefix="qgis-snapshot-")
# Read by QgsApplication when it starts: keep QGIS's profile and authentication database out of
# the user's own.
os.environ["QGIS_AUTH_DB_DIR_PATH"] = WORK_DIR
os.environ["QGIS_CUSTOM_CONFIG_PATH"] = WORK_DIR

from qgis.core import (  # noqa: E402 (after the environment above)
    Qgis, QgsApplication, QgsAuthMethodConfig, QgsDataSourceUri,
    QgsExpression, QgsFillSymbol, QgsLineSymbol, QgsMapRendererParallelJob, QgsMapSettings, QgsMarkerSymbol,
    QgsPalLayerSettings, QgsProject, QgsRectangle, QgsRuleBasedRenderer, QgsTextFormat,
    QgsVectorLayer, QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtCore import QSize, Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont, QPainter  # noqa: E402

# Marker colours per incident_type; other types get OTHER_COLOUR.
TYPE_COLOURS = {"fire": "#d7301f", "medical": "#2b8cbe", "hazmat": "#8856a7", "traffic": "#fe9929",
                "police": "#238b45", "closure": "#8c6d31", "flood": "#1c9099", "rescue": "#e7298a"}
OTHER_COLOUR = "#636363"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ogc", required=True, help="the edge's OGC API, e.g. http://127.0.0.1:8080/ogc")
    parser.add_argument("--collection", default="incidents", help="incidents or alerts")
    parser.add_argument("--jurisdictions", required=True, help="URL or file of the jurisdiction outlines (GeoJSON)")
    parser.add_argument("--token-url", required=True, help="OAuth2 token endpoint")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--out", required=True, help="the PNG to write")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=900)
    return parser.parse_args()


def fail(message):
    print("qgis-snapshot: " + message, file=sys.stderr)
    sys.exit(1)


def oauth2_config(args):
    """The OAuth2 method's configuration as QGIS's dialog saves it (QgsAuthOAuth2Config's JSON)."""
    config = {
        "configType": 1,      # Custom
        "grantFlow": 2,       # ResourceOwner: the password grant
        "accessMethod": 0,    # Header: Authorization: Bearer <token>
        "tokenUrl": args.token_url,
        "refreshTokenUrl": "",
        "clientId": args.client_id,
        "clientSecret": os.environ["QGIS_SNAPSHOT_CLIENT_SECRET"],
        "username": args.user,
        "password": os.environ["QGIS_SNAPSHOT_PASSWORD"],
        "scope": "",
        "persistToken": False,
        "requestTimeout": 30,
        "version": 1,
    }
    method = QgsAuthMethodConfig("OAuth2")
    method.setName("incident-feeds: " + args.user)
    method.setConfig("oauth2config", json.dumps(config))
    manager = QgsApplication.authManager()
    if not manager.setMasterPassword(secrets.token_urlsafe(24), True):
        fail("QGIS's authentication manager refused a master password")
    if not manager.storeAuthenticationConfig(method):
        fail("QGIS's authentication manager did not store the OAuth2 configuration")
    return method.id()


def incidents_layer(args, authcfg):
    uri = QgsDataSourceUri()
    uri.setParam("url", args.ogc)
    uri.setParam("typename", args.collection)
    uri.setAuthConfigId(authcfg)
    layer = QgsVectorLayer(uri.uri(False), "Live " + args.collection, "OAPIF")
    if not layer.isValid():
        fail("QGIS could not open %s collection %s as an OGC API - Features layer; QGIS's log:\n%s"
             % (args.ogc, args.collection, "\n".join(LOG)))
    return layer


def style_incidents(layer, types):
    """One colour per incident_type: a circle for a point, a tinted area for a polygon (fire
    perimeters, closures), a line for a line. QGIS 3.22 gives an OGC API - Features layer one
    geometry type, guessed from the first items, and a symbol draws only geometries of its own
    kind: a single marker symbol on this collection skips every polygon. A rule per geometry
    type draws them all."""
    root = QgsRuleBasedRenderer.Rule(None)
    for value in sorted(types):
        colour = QColor(TYPE_COLOURS.get(value, OTHER_COLOUR))
        tint = "%d,%d,%d,90" % (colour.red(), colour.green(), colour.blue())
        by_type = QgsRuleBasedRenderer.Rule(None, 0, 0, "\"incident_type\" = %s" % QgsExpression.quotedValue(value),
                                            "%s (%d)" % (value, types[value]))
        for geometry, symbol in (
                ("Point", QgsMarkerSymbol.createSimple({"name": "circle", "size": "3.2", "color": colour.name(),
                                                        "outline_color": "#ffffff", "outline_width": "0.4"})),
                ("Line", QgsLineSymbol.createSimple({"line_color": colour.name(), "line_width": "0.8"})),
                ("Polygon", QgsFillSymbol.createSimple({"color": tint, "outline_color": colour.name(),
                                                        "outline_width": "0.6"}))):
            by_type.appendChild(QgsRuleBasedRenderer.Rule(
                symbol, 0, 0, "geometry_type($geometry) = '%s'" % geometry, geometry))
        root.appendChild(by_type)
    layer.setRenderer(QgsRuleBasedRenderer(root))


def jurisdictions_layer(source):
    if source.startswith(("http://", "https://")):
        # A local copy: GDAL opens a file given by URL for update first, and says it cannot.
        local = os.path.join(WORK_DIR, "jurisdictions.geojson")
        with urllib.request.urlopen(source, timeout=30) as answer, open(local, "wb") as copy:
            shutil.copyfileobj(answer, copy)
        source = local
    layer = QgsVectorLayer(source, "Jurisdictions", "ogr")
    if not layer.isValid():
        fail("QGIS could not open the jurisdictions at " + source)
    layer.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "#f2efe6", "outline_color": "#7a7a7a", "outline_width": "0.35"}))
    labels = QgsPalLayerSettings()
    labels.fieldName = "name"
    text = QgsTextFormat()
    text.setFont(QFont("DejaVu Sans"))
    text.setSize(8)
    text.setColor(QColor("#555555"))
    labels.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(labels))
    layer.setLabelsEnabled(True)
    return layer


def map_extent(incidents, aspect):
    """The incidents' box, with a margin and at least 0.25 degrees high, so that the outlines
    around them show."""
    extent = QgsRectangle(incidents)
    extent.scale(1.4)
    height = max(extent.height(), 0.25)
    width = max(extent.width(), height * aspect)
    return QgsRectangle.fromCenterAndSize(extent.center(), width, max(height, width / aspect))


def render(layers, extent, size):
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(layers[-1].crs())
    settings.setBackgroundColor(QColor("#cfe3ef"))
    settings.setOutputSize(size)
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    for error in job.errors():
        fail("rendering %s: %s" % (error.layerID, error.message))
    return job.renderedImage()


def caption(image, lines):
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    font = QFont("DejaVu Sans", 11)
    painter.setFont(font)
    height = 22 * len(lines) + 12
    painter.fillRect(0, 0, image.width(), height, QColor(255, 255, 255, 215))
    painter.setPen(QColor("#222222"))
    for i, line in enumerate(lines):
        painter.drawText(10, 22 * (i + 1), line)
    painter.end()


def legend(image, types):
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setFont(QFont("DejaVu Sans", 10))
    rows = sorted(types)
    top = image.height() - 20 * len(rows) - 16
    painter.fillRect(8, top - 4, 190, 20 * len(rows) + 12, QColor(255, 255, 255, 215))
    for i, value in enumerate(rows):
        y = top + 20 * i + 10
        painter.setBrush(QColor(TYPE_COLOURS.get(value, OTHER_COLOUR)))
        painter.setPen(Qt.white)
        painter.drawEllipse(16, y - 6, 12, 12)
        painter.setPen(QColor("#222222"))
        painter.drawText(36, y + 5, "%s (%d)" % (value, types[value]))
    painter.end()


LOG = []


def main():
    args = parse_args()
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], True)
    app.initQgis()
    QgsApplication.messageLog().messageReceived.connect(
        lambda message, tag, level: LOG.append("[%s] %s" % (tag, message)))
    try:
        authcfg = oauth2_config(args)
        incidents = incidents_layer(args, authcfg)
        # Reads every page (following the next links) now, so that the rendering finds them cached
        # and the picture's counts are the layer's.
        types = collections.Counter(f["incident_type"] for f in incidents.getFeatures())
        if not types:
            fail("the layer opened but has no feature (is the simulator running? does %s see any?)\n%s"
                 % (args.user, "\n".join(LOG)))
        style_incidents(incidents, types)
        outlines = jurisdictions_layer(args.jurisdictions)
        QgsProject.instance().addMapLayers([outlines, incidents])
        extent = map_extent(incidents.extent(), args.width / args.height)
        image = render([incidents, outlines], extent, QSize(args.width, args.height))
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
        caption(image, [
            "QGIS %s: OGC API - Features layer %s/collections/%s" % (Qgis.QGIS_VERSION, args.ogc, args.collection),
            "signed in by OAuth2 (password grant) as %s; %d features, %s" % (args.user, sum(types.values()), now)])
        legend(image, types)
        if not image.save(args.out, "PNG"):
            fail("could not write " + args.out)
        print("%s: %d features (%s) as %s, QGIS %s" % (
            args.out, sum(types.values()), ", ".join("%s %d" % kv for kv in sorted(types.items())),
            args.user, Qgis.QGIS_VERSION))
    finally:
        QgsProject.instance().clear()
        app.exitQgis()
        shutil.rmtree(WORK_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
