"""Draws the view's station icons: white pictograms on transparency, 64 x 64,
tinted by the view. Run `python3 assets/icons/make_icons.py` (needs Pillow)
after changing a drawing; the PNGs are committed so builds need no Python."""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 64
W = (255, 255, 255, 255)
HERE = Path(__file__).resolve().parent


def canvas():
    img = Image.new("RGBA", (SIZE * 4, SIZE * 4), (0, 0, 0, 0))
    return img, ImageDraw.Draw(img)


def save(img, name):
    # Drawn at 4x and scaled down, for smooth edges.
    img.resize((SIZE, SIZE), Image.LANCZOS).save(HERE / f"{name}.png", optimize=True)


def robot_arm():
    img, d = canvas()
    d.rectangle([40, 212, 136, 240], fill=W)  # base
    d.rectangle([72, 184, 104, 212], fill=W)  # turntable
    d.line([88, 190, 120, 92], fill=W, width=24)  # lower arm
    d.ellipse([104, 76, 136, 108], fill=W)  # elbow
    d.line([120, 92, 200, 60], fill=W, width=20)  # upper arm
    d.line([196, 44, 224, 44], fill=W, width=12)  # gripper
    d.line([196, 44, 196, 84], fill=W, width=12)
    d.line([224, 44, 224, 72], fill=W, width=10)
    save(img, "robot")


def cnc_machine():
    img, d = canvas()
    d.rounded_rectangle([24, 40, 232, 228], radius=18, outline=W, width=16)  # enclosure
    d.rectangle([56, 72, 150, 180], outline=W, width=12)  # door window
    d.line([103, 80, 103, 130], fill=W, width=12)  # spindle
    d.polygon([(91, 130), (115, 130), (103, 152)], fill=W)  # tool
    d.rectangle([172, 72, 208, 104], fill=W)  # control panel
    for y in (124, 148, 172):
        d.ellipse([180, y, 200, y + 16], fill=W)  # buttons
    save(img, "cnc")


def bench_operator():
    img, d = canvas()
    d.ellipse([100, 24, 156, 80], fill=W)  # head
    d.rounded_rectangle([92, 88, 164, 160], radius=20, fill=W)  # body
    d.line([96, 112, 60, 150], fill=W, width=16)  # arms to the bench
    d.line([160, 112, 196, 150], fill=W, width=16)
    d.rectangle([24, 160, 232, 180], fill=W)  # bench top
    d.rectangle([40, 180, 56, 236], fill=W)  # legs
    d.rectangle([200, 180, 216, 236], fill=W)
    save(img, "bench")


def vehicle():
    img, d = canvas()
    d.rounded_rectangle([24, 96, 232, 184], radius=20, fill=W)  # body
    d.rectangle([64, 64, 192, 96], outline=W, width=12)  # load deck
    for x in (56, 168):
        d.ellipse([x, 168, x + 40, 208], fill=(0, 0, 0, 0), outline=W, width=12)  # wheels
    save(img, "vehicle")


if __name__ == "__main__":
    robot_arm()
    cnc_machine()
    bench_operator()
    vehicle()
