from app.ui.slider import Slider

slider = Slider(0, 10)
print(slider.set(42))
